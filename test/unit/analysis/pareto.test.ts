import { strict as assert } from 'node:assert';
import { isDominated, paretoFront } from '../../../src/shared/analysis/pareto';

const p = (id: string, seconds: number, accuracy: number) => ({ id, seconds, accuracy });

describe('Pareto front (max accuracy, min time)', () => {
  it('keeps exactly the runs no other run beats on both counts, fastest first', () => {
    const points = [p('slow-best', 900, 0.98), p('fast', 100, 0.9), p('dominated', 500, 0.91), p('mid', 300, 0.95), p('worse-and-slower', 1000, 0.97)];
    assert.deepEqual(paretoFront(points).map((x) => x.id), ['fast', 'mid', 'slow-best']);
    for (const x of points) assert.equal(isDominated(x, points), !['fast', 'mid', 'slow-best'].includes(x.id), x.id);
  });

  it('drops a run as fast as another but less accurate, and one as accurate but slower', () => {
    const front = paretoFront([p('a', 100, 0.9), p('b', 100, 0.8), p('c', 200, 0.9)]);
    assert.deepEqual(front.map((x) => x.id), ['a']);
  });

  it('keeps exact twins and ignores points with missing values', () => {
    const front = paretoFront([p('a', 100, 0.9), p('twin', 100, 0.9), p('nan', NaN, 0.99), p('inf', 50, Infinity)]);
    assert.deepEqual(front.map((x) => x.id).sort(), ['a', 'twin']);
  });

  it('returns an empty front for no points and the point itself for one', () => {
    assert.deepEqual(paretoFront([]), []);
    assert.deepEqual(paretoFront([p('only', 1, 0.5)]).map((x) => x.id), ['only']);
  });
});
