/** Entry of dist/engine.js: a child process with an IPC channel, or the `cats-dogs` CLI. */
import { runCli } from './cli/cli';
import { runAsChild } from './ipc/child';

if (process.env.CATS_DOGS_ENGINE_IPC === '1' && typeof process.send === 'function') {
  runAsChild();
} else {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`cats-dogs: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
