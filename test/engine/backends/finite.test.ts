import { strict as assert } from 'node:assert';
import { EngineError } from '../../../src/engine/errors';
import { selectBackend } from '../../../src/engine/tf/backends';
import { checkFinite, firstNonFinite } from '../../../src/engine/tf/finite';
import { tf } from '../../../src/engine/tf/tf';
import { restoreDefaultBackend } from './restore';

describe('checkFinite', () => {
  before(() => selectBackend('cpu'));
  after(restoreDefaultBackend);

  it('finds the first NaN or infinity', () => {
    assert.equal(firstNonFinite([1, 2, 3]), -1);
    assert.equal(firstNonFinite(new Float32Array([0, NaN, Infinity])), 1);
    assert.equal(firstNonFinite([0, 1, -Infinity]), 2);
  });

  it('passes finite arrays and tensors', async () => {
    await checkFinite(new Float32Array([0, -1e30, 1e30]), 'features');
    const t = tf().tensor2d([[1, 2], [3, 4]]);
    await checkFinite(t, 'features');
    t.dispose();
  });

  it('throws a backend error naming the values, for arrays and tensors', async () => {
    await assert.rejects(checkFinite(new Float32Array([1, NaN]), 'features of batch 3'), (err: EngineError) => {
      assert.equal(err.code, 'backend');
      assert.equal(err.message, 'Features of batch 3 contain NaN values on the cpu backend.');
      assert.match(err.hint ?? '', /learningRate/);
      return true;
    });
    await assert.rejects(checkFinite(new Float32Array([1, -Infinity]), 'loss'), /Loss contain infinite values/);
    const t = tf().tensor2d([[1, 2], [3, Infinity]]);
    await assert.rejects(checkFinite(t, 'predictions'), (err: EngineError) => err.code === 'backend' && /^Predictions contain/.test(err.message));
    t.dispose();
  });
});
