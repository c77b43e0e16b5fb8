/** The `cats-dogs` command-line tool: the same engine, events printed for a terminal. */
import { ENGINE_VERSION } from '../version';
import { runBackendCommand } from './backendCommand';

export const USAGE = `Usage: cats-dogs <command> [options]

Commands:
  prepare  --source ZIP_OR_DIR_OR_URL --out DIR [--split 70,15,15] [--seed N]
  train    --config FILE [--data DIR] [--runs DIR] [--backend NAME]
  evaluate --run RUN_DIR --data DIR
  predict  --run RUN_DIR IMAGE...
  bench    [--quick]
  backend  [--backend NAME] [--json]   which backend this machine uses, and why
  version

Run "cats-dogs <command> --help" for the options of one command.`;

export async function runCli(argv: string[]): Promise<number> {
  const [command] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === 'version' || command === '--version') {
    process.stdout.write(`cats-dogs ${ENGINE_VERSION}\n`);
    return 0;
  }
  if (command === 'backend') return runBackendCommand(argv.slice(1));
  process.stderr.write(`cats-dogs: unknown command "${command}".\n\n${USAGE}\n`);
  return 2;
}
