/** The `cats-dogs` command-line tool: the same engine, events printed for a terminal. */
import { CancelledError, EngineError, toErrorMessage } from '../errors';
import { ENGINE_VERSION } from '../version';
import { formatHelp, parseArgs, type CommandSpec, type ParsedArgs } from './args';
import { prepareSpec, runPrepare } from './commands/prepare';
import { runTrain, trainSpec } from './commands/train';
import { evaluateSpec, predictSpec, runEvaluate, runPredict } from './commands/evaluate';
import { benchSpec, runBenchCommand } from './commands/bench';
import { cacheSpec, runCache } from './commands/cache';
import type { CliIo } from './io';
import { runBackendCommand } from './backendCommand';

export const USAGE = `Usage: cats-dogs <command> [options]

Commands:
  prepare  --source ZIP_OR_DIR_OR_URL --out DIR [--split 70,15,15] [--seed N] [--copy] [--replace] [--sha256 HEX]
  train    --config FILE [--data DIR] [--runs DIR] [--backend NAME]
  evaluate --run RUN_DIR --data DIR
  predict  --run RUN_DIR IMAGE...
  bench    [--shared DIR | --source ZIP_OR_DIR | --data DIR] [--quick] [--photos N] [--backbones LIST] [--backend NAME] [--json FILE]
  cache    [--clear [--key KEY]] [--cache DIR] [--json]
  backend  [--backend NAME] [--workspace DIR] [--software-gpu] [--json]
  version

Run "cats-dogs <command> --help" for the options of one command.`;

/** A command of the CLI: its options (parsing and --help come from them) and what it does. */
export interface CliCommand {
  spec: CommandSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export const COMMANDS: CliCommand[] = [
  { spec: prepareSpec, run: runPrepare },
  { spec: trainSpec, run: runTrain },
  { spec: evaluateSpec, run: runEvaluate },
  { spec: predictSpec, run: runPredict },
  { spec: benchSpec, run: runBenchCommand },
  { spec: cacheSpec, run: runCache },
];

function defaultIo(): CliIo & { dispose(): void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    // First Ctrl+C: stop cleanly (work folders are removed). Second: leave at once.
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\nStopping... (press Ctrl+C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { stdout: process.stdout, stderr: process.stderr, signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** Prints an engine error the way a terminal user needs it: what went wrong, then what to do. */
export function reportError(err: unknown, io: Pick<CliIo, 'stderr'>): number {
  if (err instanceof CancelledError) {
    io.stderr.write('cats-dogs: cancelled; nothing was left half-written.\n');
    return 130;
  }
  const e = toErrorMessage(err);
  io.stderr.write(`cats-dogs: ${e.message}\n`);
  if (e.hint) io.stderr.write(`  ${e.hint}\n`);
  if (!(err instanceof EngineError) && err instanceof Error && err.stack && process.env.CATS_DOGS_DEBUG) io.stderr.write(`${err.stack}\n`);
  return 1;
}

export async function runCli(argv: string[], ioIn?: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === 'version' || command === '--version') {
    process.stdout.write(`cats-dogs ${ENGINE_VERSION}\n`);
    return 0;
  }
  if (command === 'backend') return runBackendCommand(rest);
  const cmd = COMMANDS.find((c) => c.spec.name === command);
  if (!cmd) {
    process.stderr.write(`cats-dogs: unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  const io = ioIn ?? defaultIo();
  try {
    const parsed = parseArgs(cmd.spec, rest);
    if (parsed.kind === 'help') {
      io.stdout.write(formatHelp(cmd.spec));
      return 0;
    }
    if (parsed.kind === 'error') {
      io.stderr.write(`cats-dogs ${command}: ${parsed.message}.\nRun "cats-dogs ${command} --help" for its options.\n`);
      return 2;
    }
    return await cmd.run(parsed, io);
  } catch (err) {
    return reportError(err, io);
  } finally {
    if (!ioIn) (io as ReturnType<typeof defaultIo>).dispose();
  }
}
