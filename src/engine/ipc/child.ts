/**
 * The engine as a child process: one job per process. Reads `start`/`cancel` from the IPC channel,
 * answers with events, and exits when the job has ended.
 */
import { ENGINE_PROTOCOL_VERSION, parseHostMessage, type EngineToHost } from '../../shared/protocol/engine';
import { toErrorMessage } from '../errors';
import { runJob } from '../jobs/runJob';
import { ENGINE_VERSION } from '../version';

export function runAsChild(): void {
  const send = (event: EngineToHost): void => {
    if (process.connected) process.send?.(event);
  };
  const controller = new AbortController();
  let started = false;

  process.on('message', (raw) => {
    const msg = parseHostMessage(raw);
    if (!msg) {
      send({ type: 'log', level: 'warn', message: `Ignored a malformed message from the host: ${JSON.stringify(raw)?.slice(0, 200)}` });
      return;
    }
    if (msg.type === 'cancel') controller.abort();
    else if (msg.type === 'shutdown') process.exit(0);
    else if (msg.type === 'start') {
      if (started) return send({ type: 'log', level: 'warn', message: 'A job is already running in this engine; ignored a second start.' });
      if (msg.protocolVersion !== ENGINE_PROTOCOL_VERSION) {
        send({ type: 'error', code: 'protocol', message: `The extension speaks protocol ${msg.protocolVersion}, this engine ${ENGINE_PROTOCOL_VERSION}.`, hint: 'Reinstall the extension so both parts match.' });
        return void setImmediate(() => process.exit(2));
      }
      started = true;
      runJob(msg.job, { emit: send, signal: controller.signal })
        .then(() => 0)
        .catch((err) => {
          send({ type: 'error', ...toErrorMessage(err) });
          return 1;
        })
        .then((code) => {
          // Let the IPC channel drain before leaving.
          process.disconnect?.();
          process.exitCode = code;
        });
    }
  });
  // The host going away (window closed, extension host crashed) must not leave an orphan behind.
  process.on('disconnect', () => {
    controller.abort();
    setTimeout(() => process.exit(started ? 3 : 0), 5000).unref();
  });
  send({ type: 'ready', protocolVersion: ENGINE_PROTOCOL_VERSION, engineVersion: ENGINE_VERSION, pid: process.pid });
}
