import { strict as assert } from 'node:assert';
import {
  FLOAT16_MAX,
  encodeFeatures,
  float16BitsToFloat32,
  float16ToFloat32Array,
  float32ToFloat16Array,
  float32ToFloat16Bits,
} from '../../../src/engine/features/float16';

const f32 = (v: number): number => Math.fround(v);
const isNaNBits = (h: number): boolean => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;

describe('float16 conversion', () => {
  it('decodes known bit patterns', () => {
    assert.equal(float16BitsToFloat32(0x3c00), 1);
    assert.equal(float16BitsToFloat32(0xc000), -2);
    assert.equal(float16BitsToFloat32(0x7bff), 65504);
    assert.equal(float16BitsToFloat32(0x0400), 2 ** -14); // smallest normal
    assert.equal(float16BitsToFloat32(0x0001), 2 ** -24); // smallest subnormal
    assert.equal(float16BitsToFloat32(0x03ff), 1023 * 2 ** -24); // largest subnormal
    assert.equal(float16BitsToFloat32(0x7c00), Infinity);
    assert.equal(float16BitsToFloat32(0xfc00), -Infinity);
    assert.ok(Number.isNaN(float16BitsToFloat32(0x7e00)));
    assert.ok(Object.is(float16BitsToFloat32(0x8000), -0));
    assert.equal(float16BitsToFloat32(0x3555), 0.333251953125);
  });

  it('round-trips every non-NaN half exactly (all 65,536 patterns)', () => {
    for (let h = 0; h < 65536; h++) {
      if (isNaNBits(h)) {
        assert.ok(isNaNBits(float32ToFloat16Bits(float16BitsToFloat32(h))), `NaN 0x${h.toString(16)} stays NaN`);
        continue;
      }
      assert.equal(float32ToFloat16Bits(float16BitsToFloat32(h)), h, `0x${h.toString(16)}`);
    }
  });

  it('rounds to nearest, ties to even, between every pair of adjacent finite halves', () => {
    // Positive finite halves 0x0000..0x7bff; the tie between h and h+1 goes to the even one, and
    // one float32 ulp either side of the tie goes to the nearer half.
    for (let h = 0; h < 0x7bff; h++) {
      const lo = float16BitsToFloat32(h);
      const hi = float16BitsToFloat32(h + 1);
      const mid = (lo + hi) / 2; // exact in float32 (one more mantissa bit than either half)
      assert.equal(f32(mid), mid);
      const even = h % 2 === 0 ? h : h + 1;
      assert.equal(float32ToFloat16Bits(mid), even, `tie above 0x${h.toString(16)}`);
      const below = new Float32Array([mid]);
      new Uint32Array(below.buffer)[0] -= 1;
      const above = new Float32Array([mid]);
      new Uint32Array(above.buffer)[0] += 1;
      if (below[0] > lo) assert.equal(float32ToFloat16Bits(below[0]), h, `just below the tie above 0x${h.toString(16)}`);
      assert.equal(float32ToFloat16Bits(above[0]), h + 1, `just above the tie above 0x${h.toString(16)}`);
      assert.equal(float32ToFloat16Bits(-mid), 0x8000 | even, 'negative ties mirror positive ones');
    }
  });

  it('handles overflow, underflow, signed zero, infinities and NaN', () => {
    assert.equal(float32ToFloat16Bits(65519.99), 0x7bff);
    assert.equal(float32ToFloat16Bits(65520), 0x7c00); // the tie above the largest finite half rounds to infinity
    assert.equal(float32ToFloat16Bits(1e6), 0x7c00);
    assert.equal(float32ToFloat16Bits(-1e6), 0xfc00);
    assert.equal(float32ToFloat16Bits(3.4e38), 0x7c00);
    assert.equal(float32ToFloat16Bits(Infinity), 0x7c00);
    assert.equal(float32ToFloat16Bits(-Infinity), 0xfc00);
    assert.ok(isNaNBits(float32ToFloat16Bits(NaN)));
    assert.equal(float32ToFloat16Bits(0), 0);
    assert.equal(float32ToFloat16Bits(-0), 0x8000);
    assert.equal(float32ToFloat16Bits(2 ** -25), 0); // tie between 0 and the smallest subnormal: even is 0
    assert.equal(float32ToFloat16Bits(f32(2 ** -25 * 1.0001)), 1);
    assert.equal(float32ToFloat16Bits(2 ** -26), 0);
    assert.equal(float32ToFloat16Bits(1e-45), 0); // float32 subnormal
    assert.equal(float32ToFloat16Bits(-1e-45), 0x8000);
    assert.equal(float32ToFloat16Bits(f32(2 ** -14 - 2 ** -26)), 0x0400); // rounds up into the smallest normal
  });

  it('keeps the relative error of normal values within 2^-11', () => {
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const v = f32((seed / 2 ** 31) * 2 ** ((i % 30) - 14));
      if (v < 2 ** -14 || v > FLOAT16_MAX) continue;
      const back = float16BitsToFloat32(float32ToFloat16Bits(v));
      assert.ok(Math.abs(back - v) / v <= 2 ** -11, `${v} -> ${back}`);
    }
  });

  it('converts arrays both ways', () => {
    const src = new Float32Array([0, 1.5, -2.25, 1000, 0.1]);
    const halves = float32ToFloat16Array(src);
    const back = float16ToFloat32Array(halves);
    assert.deepEqual([...back.slice(0, 4)], [0, 1.5, -2.25, 1000]);
    assert.ok(Math.abs(back[4] - 0.1) < 1e-4);
    const dst = new Float32Array(7);
    float16ToFloat32Array(halves, dst, 2);
    assert.deepEqual([...dst.slice(2)], [...back]);
    assert.throws(() => float16ToFloat32Array(halves, new Float32Array(4)), RangeError);
  });

  it('clamps finite features beyond the half range instead of making them infinite', () => {
    const dst = new Uint16Array(6);
    const clamped = encodeFeatures(new Float32Array([70000, -1e9, 3, Infinity, NaN, 65504]), dst);
    assert.equal(clamped, 2);
    assert.equal(float16BitsToFloat32(dst[0]), FLOAT16_MAX);
    assert.equal(float16BitsToFloat32(dst[1]), -FLOAT16_MAX);
    assert.equal(float16BitsToFloat32(dst[2]), 3);
    assert.equal(float16BitsToFloat32(dst[3]), Infinity);
    assert.ok(Number.isNaN(float16BitsToFloat32(dst[4])));
    assert.equal(float16BitsToFloat32(dst[5]), FLOAT16_MAX);
  });
});
