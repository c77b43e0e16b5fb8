import { strict as assert } from 'node:assert';
import { TIME_STEPS, niceTicks } from '../../../webview/common/svg';

describe('axis ticks', () => {
  it('cover the whole range with round values', () => {
    assert.deepEqual(niceTicks(0, 7200, 4), [0, 2000, 4000, 6000, 8000]);
    assert.deepEqual(niceTicks(0.951, 0.985, 4), [0.95, 0.96, 0.97, 0.98, 0.99]);
  });

  it('use whole minutes and hours on a time axis', () => {
    assert.deepEqual(niceTicks(0, 7200, 4, TIME_STEPS), [0, 1800, 3600, 5400, 7200]);
    assert.deepEqual(niceTicks(0, 610, 4, TIME_STEPS), [0, 300, 600, 900]);
  });

  it('handles an empty or single-valued range', () => {
    assert.deepEqual(niceTicks(5, 5), [5]);
    assert.deepEqual(niceTicks(NaN, 1), []);
  });
});
