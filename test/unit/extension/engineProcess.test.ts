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

  it('a real heap out-of-memory: says so with a smaller-batch hint, keeps the native stack out of the message, retries nothing', async function () {
    this.timeout(30_000);
    const { proc, events, logs } = start('heapOom', { execArgv: ['--max-old-space-size=32'] });
    const end = await proc.done;
    assert.equal(end.status, 'failed');
    assert.ok(end.signal === 'SIGABRT' || end.exitCode === 134, `ended by ${end.signal ?? end.exitCode}`);
    assert.ok(logs.some((l) => /JavaScript heap out of memory/.test(l)), 'V8 said it');
    assert.ok(logs.filter((l) => /^\s*\d+: 0x/.test(l)).length > 5, 'and printed its native stack after it');
    const errors = events.filter((e) => e.type === 'error');
    assert.equal(errors.length, 1);
    const error = errors[0] as Extract<EngineToHost, { type: 'error' }>;
    assert.equal(error.code, 'out-of-memory');
    assert.equal(error.message, 'The engine ran out of memory.');
    assert.match(error.hint!, /smaller training\.batchSize or backbone\.inputSize/);
    assert.match(error.hint!, /Nothing was retried/);
    // One process, one end: nothing started again.
    assert.equal(events.filter((e) => e.type === 'ready').length, 1);
    assert.equal(events.filter((e) => e.type === 'started').length, 1);
  });

  it('a SIGKILL the host did not send (the kernel OOM killer) is reported as out of memory; its own kill is not', async () => {
    const killed = start('systemKill');
    const end = await killed.proc.done;
    assert.equal(end.signal, 'SIGKILL');
    const error = killed.events.find((e) => e.type === 'error') as Extract<EngineToHost, { type: 'error' }>;
    assert.equal(error.code, 'out-of-memory');
    assert.match(error.message, /killed by the system .*ran out of memory/);
    const own = start('slow');
    await new Promise((r) => setTimeout(r, 200));
    own.proc.kill();
    const ownEnd = await own.proc.done;
    assert.equal(ownEnd.status, 'failed');
    assert.equal((own.events.find((e) => e.type === 'error') as any)?.code, 'internal');
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
