/** The wasm backend's matrix products with transposed inputs (rerouted through an explicit transpose) agree with the cpu backend's. */
import { strict as assert } from 'node:assert';
import { activateWasm } from '../../../src/engine/tf/wasm';
import { tf } from '../../../src/engine/tf/tf';
import { mulberry32 } from '../../../src/engine/util/random';

type Case = { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean };

const cases: Case[] = [];
for (const transposeA of [false, true]) {
  for (const transposeB of [false, true]) {
    cases.push({ a: transposeA ? [7, 5] : [5, 7], b: transposeB ? [3, 7] : [7, 3], transposeA, transposeB });
    cases.push({ a: transposeA ? [2, 7, 5] : [2, 5, 7], b: transposeB ? [2, 3, 7] : [2, 7, 3], transposeA, transposeB });
  }
}

function values(shape: number[], seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => r() * 2 - 1);
}

/**
 * matMul and the gradients of a loss through it on the active backend; for 2-D inputs also the fused
 * matMul with bias and relu that Dense layers use (tfjs-wasm's own fused kernel is wrong with
 * transposed or batched inputs; batched ones never occur in the engine and are left out).
 */
function compute(c: Case): Float32Array[] {
  const t = tf();
  return t.tidy(() => {
    const a = t.tensor(values(c.a, 1), c.a);
    const b = t.tensor(values(c.b, 2), c.b);
    const bias = t.tensor1d(values([3], 3));
    const plain = t.matMul(a as never, b as never, c.transposeA, c.transposeB);
    const product = (x: typeof a, y: typeof b) =>
      c.a.length === 2 ? t.fused.matMul({ a: x as never, b: y as never, transposeA: c.transposeA, transposeB: c.transposeB, bias, activation: 'relu' }) : t.matMul(x as never, y as never, c.transposeA, c.transposeB);
    const [ga, gb] = t.grads((x, y) => t.sum(t.mul(product(x, y), plain)))([a, b]);
    return [plain, product(a, b), ga, gb].map((x) => x.dataSync() as Float32Array);
  });
}

describe('wasm matMul with transposed inputs', function () {
  this.timeout(60_000);
  const expected = new Map<Case, Float32Array[]>();

  before(async () => {
    await tf().setBackend('cpu');
    for (const c of cases) expected.set(c, compute(c));
    await activateWasm();
  });
  after(async () => {
    await tf().setBackend('cpu');
  });

  for (const c of cases) {
    it(`${c.a.join('x')}${c.transposeA ? '^T' : ''} @ ${c.b.join('x')}${c.transposeB ? '^T' : ''}: products and gradients match the cpu backend`, () => {
      assert.equal(tf().getBackend(), 'wasm');
      const tensorsBefore = tf().memory().numTensors;
      const got = compute(c);
      assert.equal(tf().memory().numTensors, tensorsBefore, 'no tensor is left behind');
      got.forEach((values, i) => {
        const want = expected.get(c)![i];
        assert.equal(values.length, want.length);
        for (let j = 0; j < values.length; j++) assert.ok(Math.abs(values[j] - want[j]) < 1e-5, `output ${i}[${j}]: ${values[j]} vs ${want[j]}`);
      });
    });
  }
});
