import { strict as assert } from 'node:assert';
import { createLimiter } from '../../../src/engine/util/limit';
import { createRateMeter } from '../../../src/engine/util/rate';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('concurrency limiter', () => {
  it('never runs more than its slots, runs everything, and keeps results and errors per task', async () => {
    const limiter = createLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick(1 + (i % 3));
          running--;
          if (i === 5) throw new Error('five');
          return i * 2;
        }),
      ),
    );
    assert.equal(peak, 3);
    assert.equal(limiter.active, 0);
    assert.equal(limiter.pending, 0);
    results.forEach((r, i) => {
      if (i === 5) assert.equal(r.status === 'rejected' && (r.reason as Error).message, 'five');
      else assert.deepEqual(r, { status: 'fulfilled', value: i * 2 });
    });
  });

  it('survives a task that throws synchronously', async () => {
    const limiter = createLimiter(1);
    await assert.rejects(limiter.run(() => { throw new Error('sync'); }), /sync/);
    assert.equal(await limiter.run(async () => 7), 7);
  });

  it('refuses zero slots', () => {
    assert.throws(() => createLimiter(0), RangeError);
  });
});

describe('rate meter', () => {
  it('measures units per second over the window and estimates time left', () => {
    let t = 0;
    const meter = createRateMeter(10_000, () => t);
    assert.equal(meter.update(0), undefined);
    t = 2000;
    assert.equal(meter.update(100), 50);
    assert.equal(meter.eta(500), 10);
    t = 30_000;
    meter.update(200);
    t = 32_000;
    assert.equal(meter.update(400), 100); // the window dropped the early, slower samples
  });
});
