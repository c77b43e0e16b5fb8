import { strict as assert } from 'node:assert';
import { floatsToBytes, resizeRgbInto, type RgbImage } from '../../../src/engine/images/resize';
import { tf } from '../../../src/engine/tf/tf';
import { mulberry32 } from '../../../src/engine/util/random';

function randomImage(width: number, height: number, seed: number): RgbImage {
  const r = mulberry32(seed);
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(r() * 256)) };
}

/** TensorFlow's own resize (tfjs on the cpu backend, half-pixel centres as in TF2's tf.image.resize). */
function tfResize(image: RgbImage, size: [number, number], method: 'bilinear' | 'nearest'): Float32Array {
  return tf().tidy(() => {
    const t = tf().tensor3d(Float32Array.from(image.data), [image.height, image.width, 3]);
    const out = method === 'bilinear' ? tf().image.resizeBilinear(t, size, false, true) : tf().image.resizeNearestNeighbor(t, size, false, true);
    return out.dataSync() as Float32Array;
  });
}

const cases: Array<[number, number, [number, number]]> = [
  [37, 23, [15, 11]], // shrink, both axes, uneven ratios
  [450, 374, [150, 150]], // a typical Kaggle photo to the lab's input
  [5, 4, [13, 9]], // enlarge
  [20, 20, [20, 20]], // same size
  [1, 1, [3, 2]], // a single pixel
  [64, 16, [16, 64]], // squash one axis, stretch the other
];

describe('resize (matching tf.image.resize)', () => {
  before(async () => {
    await tf().setBackend('cpu');
  });

  for (const method of ['bilinear', 'nearest'] as const) {
    for (const [w, h, size] of cases) {
      it(`${method}: ${w}x${h} -> ${size[1]}x${size[0]} gives TensorFlow's values`, () => {
        const image = randomImage(w, h, w * 1000 + h);
        const ours = new Float32Array(size[0] * size[1] * 3);
        resizeRgbInto(image, size, method, ours);
        const theirs = tfResize(image, size, method);
        assert.equal(ours.length, theirs.length);
        let worst = 0;
        for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
        assert.ok(worst < 1e-3, `largest difference ${worst}`);
      });
    }
  }

  it('writes at an offset and refuses a destination that is too small', () => {
    const image = randomImage(8, 6, 1);
    const dst = new Float32Array(2 * 4 * 4 * 3);
    resizeRgbInto(image, [4, 4], 'bilinear', dst, 4 * 4 * 3);
    assert.ok(dst.subarray(0, 48).every((v) => v === 0));
    assert.ok(dst.subarray(48).some((v) => v !== 0));
    assert.throws(() => resizeRgbInto(image, [4, 4], 'bilinear', dst, 49), RangeError);
    assert.throws(() => resizeRgbInto({ ...image, data: image.data.subarray(1) }, [4, 4], 'nearest', dst), RangeError);
  });

  it('bilinear pixels are bit-identical to the first (channel-loop) version, so cached features stay valid', () => {
    // The loop of PIXEL_PIPELINE_VERSION 1, kept here as the reference: any change in the output must
    // bump PIXEL_PIPELINE_VERSION (the feature cache key) instead of silently reusing old features.
    const reference = (src: RgbImage, [outH, outW]: [number, number]): Float32Array => {
      const taps = (outSize: number, inSize: number) => Array.from({ length: outSize }, (_, i) => {
        const s = (i + 0.5) * (inSize / outSize) - 0.5;
        return { lo: Math.max(Math.floor(s), 0), hi: Math.min(Math.ceil(s), inSize - 1), f: Math.fround(s - Math.floor(s)) };
      });
      const ys = taps(outH, src.height);
      const xs = taps(outW, src.width);
      const out = new Float32Array(outH * outW * 3);
      let o = 0;
      for (const y of ys) {
        for (const x of xs) {
          for (let c = 0; c < 3; c++) {
            const at = (row: number, col: number) => src.data[(row * src.width + col) * 3 + c];
            const t = at(y.lo, x.lo) + (at(y.lo, x.hi) - at(y.lo, x.lo)) * x.f;
            const b = at(y.hi, x.lo) + (at(y.hi, x.hi) - at(y.hi, x.lo)) * x.f;
            out[o++] = t + (b - t) * y.f;
          }
        }
      }
      return out;
    };
    for (const [w, h, size] of cases) {
      const image = randomImage(w, h, w + h);
      const ours = new Float32Array(size[0] * size[1] * 3);
      resizeRgbInto(image, size, 'bilinear', ours);
      assert.deepEqual(ours, reference(image, size), `${w}x${h} -> ${size[1]}x${size[0]}`);
    }
  });

  it('rounds floats to bytes with clamping', () => {
    assert.deepEqual([...floatsToBytes(new Float32Array([0.4, 0.5, 254.6, 300, -3, 127.49]))], [0, 1, 255, 255, 0, 127]);
  });
});
