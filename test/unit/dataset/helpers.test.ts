import { strict as assert } from 'node:assert';
import { EngineError } from '../../../src/engine/errors';
import { mapWriteError } from '../../../src/engine/dataset/ioErrors';
import { RateMeter } from '../../../src/engine/dataset/rateMeter';
import { TaskPool } from '../../../src/engine/dataset/taskPool';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: something, write`), { code });

describe('dataset/ioErrors', () => {
  it('maps a full disk to a message that says what to do', () => {
    const e = mapWriteError(errno('ENOSPC'), '/out.tmp-1/train/cats/cat.1.jpg', '/out');
    assert.ok(e instanceof EngineError);
    assert.equal(e.code, 'io');
    assert.match(e.message, /disk is full/);
    assert.match(e.hint!, /Free some space/);
    assert.match(e.hint!, /\/out/);
    assert.match(mapWriteError(errno('EDQUOT'), 'p', 'w').message, /disk is full/);
  });

  it('maps permissions, read-only drives and the rest', () => {
    assert.match(mapWriteError(errno('EACCES'), 'p', 'w').message, /No permission/);
    assert.match(mapWriteError(errno('EROFS'), 'p', 'w').message, /read-only/);
    assert.match(mapWriteError(errno('EMFILE'), 'p', 'w').hint!, /ulimit/);
    assert.match(mapWriteError(errno('EIO'), 'p', 'w').message, /Could not write p: EIO/);
    const passThrough = new EngineError('dataset', 'x');
    assert.equal(mapWriteError(passThrough, 'p', 'w'), passThrough);
  });
});

describe('dataset/TaskPool', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      await pool.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2 + (i % 3)));
        running--;
        done++;
      });
    }
    await pool.drain();
    assert.equal(done, 20);
    assert.equal(peak, 3);
  });

  it('reports the first failure and stops taking new tasks', async () => {
    const pool = new TaskPool(2);
    await pool.run(async () => {
      throw new Error('boom');
    });
    await new Promise((r) => setTimeout(r, 5));
    await assert.rejects(pool.run(async () => undefined), /boom/);
    await assert.rejects(pool.drain(), /boom/);
    await pool.settle();
  });
});

describe('dataset/RateMeter', () => {
  it('gives the rate over the recent window and the time left', () => {
    let t = 0;
    const m = new RateMeter(5000, () => t);
    assert.deepEqual(m.update(0, 100), {});
    t = 1000;
    const a = m.update(10, 100);
    assert.equal(a.rate, 10);
    assert.equal(a.etaSeconds, 9);
    t = 10_000;
    m.update(20, 100);
    t = 11_000;
    // The window forgets the early pace: 40 photos in the last second.
    const b = m.update(60, 100);
    assert.ok(b.rate! >= 40 - 1e-9, `rate ${b.rate}`);
  });
});
