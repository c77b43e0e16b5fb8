import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { EngineProcess } from '../../../src/extension/engine/engineProcess';
import type { EngineToHost } from '../../../src/shared/protocol/engine';

const FAKE = join(__dirname, '../../fixtures/fakeEngine.cjs');
const job = { kind: 'predict' as const, runDir: '/nowhere', images: [] };

function start(mode: string, extra: Partial<ConstructorParameters<typeof EngineProcess>[0]> = {}) {
  const events: EngineToHost[] = [];
  const logs: string[] = [];
  const proc = new EngineProcess({ enginePath: FAKE, job, onEvent: (e) => events.push(e), onLog: (l) => logs.push(l), env: { FAKE_ENGINE_MODE: mode }, ...extra });
  return { proc, events, logs };
}

describe('engine process (host side)', () => {
  it('does the ready/start handshake and ends with the engine\'s finished event', async () => {
    const { proc, events } = start('normal');
    const end = await proc.done;
    assert.equal(end.status, 'completed');
    assert.deepEqual(events.map((e) => e.type), ['ready', 'started', 'epoch', 'epoch', 'epoch', 'finished']);
  });

  it('cancels: the engine answers with a cancelled run', async () => {
    const { proc, events } = start('slow');
    await new Promise((r) => setTimeout(r, 300));
    proc.cancel();
    const end = await proc.done;
    assert.equal(end.status, 'cancelled');
    assert.equal(events.at(-1)?.type, 'finished');
  });

  it('kills an engine that ignores cancel after the grace period', async () => {
    const { proc, logs } = start('ignoreCancel', { cancelGraceSeconds: 0.3 });
    await new Promise((r) => setTimeout(r, 300));
    proc.cancel();
    const end = await proc.done;
    assert.equal(end.status, 'cancelled');
    assert.equal(end.signal, 'SIGKILL');
    assert.ok(logs.some((l) => /did not stop in time/.test(l)));
  });

  it('turns a crash into a failed run with the stderr tail', async () => {
    const { proc, events } = start('crash');
    const end = await proc.done;
    assert.equal(end.status, 'failed');
    assert.equal(end.exitCode, 134);
    const error = events.find((e) => e.type === 'error');
    assert.ok(error && error.type === 'error' && /fake crash/.test(error.message));
  });

  it('ignores malformed messages and logs them', async () => {
    const { proc, events, logs } = start('badMessages');
    await proc.done;
    assert.equal(events.filter((e) => e.type === 'epoch').length, 3);
    assert.equal(logs.filter((l) => /malformed/.test(l)).length, 3);
  });

  it('takes exit code 0 without a finished event as a completed job', async () => {
    const { proc, events } = start('quiet');
    const end = await proc.done;
    assert.equal(end.status, 'completed');
    assert.equal(events.some((e) => e.type === 'error'), false);
  });

  it('refuses an engine that speaks another protocol version', async () => {
    const { proc, events } = start('oldProtocol');
    const end = await proc.done;
    assert.equal(end.status, 'failed');
    const error = events.find((e) => e.type === 'error');
    assert.ok(error && error.type === 'error' && error.code === 'protocol');
  });
});
