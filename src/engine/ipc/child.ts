/**
 * The engine as a child process: one job per process. Reads `start`/`cancel` from the IPC channel,
 * answers with events, and exits when the job has ended (after the last event has left).
 */
import { ENGINE_PROTOCOL_VERSION, parseHostMessage, type EngineToHost } from '../../shared/protocol/engine';
import { toErrorMessage } from '../errors';
import { runJob } from '../jobs/runJob';
import { ENGINE_VERSION } from '../version';

/** Seconds the engine gives itself to record a cancelled run after the host has gone away. */
const ORPHAN_GRACE_SECONDS = 8;

export function runAsChild(): void {
  let pending = 0;
  let drained: (() => void) | undefined;
  const send = (event: EngineToHost): void => {
    if (!process.connected || !process.send) return;
    pending++;
    process.send(event, undefined, {}, () => {
      if (--pending === 0) drained?.();
    });
  };
  const exitWhenSent = (code: number): void => {
    let done = false;
    const leave = () => {
      if (done) return;
      done = true;
      if (process.connected) process.disconnect();
      process.exit(code);
    };
    if (pending === 0) leave();
    else {
      drained = leave;
      setTimeout(leave, 3000).unref();
    }
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
    else if (msg.type === 'shutdown') exitWhenSent(0);
    else if (msg.type === 'start') {
      if (started) return send({ type: 'log', level: 'warn', message: 'A job is already running in this engine; ignored a second start.' });
      if (msg.protocolVersion !== ENGINE_PROTOCOL_VERSION) {
        send({ type: 'error', code: 'protocol', message: `The extension speaks protocol ${msg.protocolVersion}, this engine ${ENGINE_PROTOCOL_VERSION}.`, hint: 'Reinstall the extension so both parts match.' });
        return exitWhenSent(2);
      }
      started = true;
      runJob(msg.job, { emit: send, signal: controller.signal })
        .catch((err) => {
          send({ type: 'error', ...toErrorMessage(err) });
          return 1;
        })
        .then(exitWhenSent);
    }
  });
  // The host went away (window closed or reloaded, extension host crashed): cancel, so the run is
  // recorded as cancelled, and never outlive the host by more than a few seconds.
  process.on('disconnect', () => {
    controller.abort();
    setTimeout(() => process.exit(started ? 3 : 0), ORPHAN_GRACE_SECONDS * 1000).unref();
    if (!started) process.exit(0);
  });
  send({ type: 'ready', protocolVersion: ENGINE_PROTOCOL_VERSION, engineVersion: ENGINE_VERSION, pid: process.pid });
}
