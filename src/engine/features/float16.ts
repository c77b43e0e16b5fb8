/**
 * IEEE 754 half precision (binary16) <-> float32, for the feature cache. Node 20 has no
 * Float16Array, so halves travel as Uint16Array bit patterns.
 *
 * float32 -> float16 rounds to nearest, ties to even; handles subnormals, signed zeros, infinities
 * (values of 65520 and more round to infinity) and NaN (kept NaN). Relative error of a normal value:
 * at most 2^-11 (0.05 %).
 */

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The largest finite half, 65504. */
export const FLOAT16_MAX = 65504;

export function float32ToFloat16Bits(value: number): number {
  F32[0] = value;
  const x = U32[0];
  const sign = (x >>> 16) & 0x8000;
  const abs = x & 0x7fffffff;
  if (abs >= 0x7f800000) {
    // Infinity, or NaN: keep it a (quiet) NaN with the top payload bits.
    return abs === 0x7f800000 ? sign | 0x7c00 : sign | 0x7e00 | ((abs >>> 13) & 0x3ff);
  }
  if (abs >= 0x47800000) return sign | 0x7c00; // 65536 and above: beyond every rounding, infinity
  if (abs < 0x38800000) {
    // Below 2^-14, the smallest normal half: a subnormal half counts units of 2^-24.
    const exponent = abs >>> 23;
    if (exponent < 102) return sign; // below 2^-25: rounds to zero
    const mantissa = (abs & 0x7fffff) | 0x800000;
    const shift = 126 - exponent; // 14..24
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    if (rest > midpoint || (rest === midpoint && (half & 1) === 1)) half++;
    return sign | half; // a carry into 0x400 is the smallest normal, encoded correctly
  }
  // Normal: rebias the exponent (127 -> 15) and drop 13 mantissa bits with rounding; a carry
  // into the exponent is right, up to and including infinity (65520 -> 0x7c00).
  let half = (abs - 0x38000000) >>> 13;
  const rest = abs & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let table: Float32Array | undefined;

/** All 65,536 halves as float32 (256 KB), built on first use: decoding is then one lookup. */
function decodeTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = float16BitsToFloat32(bits);
  }
  return table;
}

/** Decodes `src` halves into `dst` from `offset`. */
export function float16ToFloat32Array(src: Uint16Array, dst: Float32Array = new Float32Array(src.length), offset = 0): Float32Array {
  const t = decodeTable();
  if (offset + src.length > dst.length) throw new RangeError('The destination is too small.');
  for (let i = 0; i < src.length; i++) dst[offset + i] = t[src[i]];
  return dst;
}

/** Encodes `src` as halves (exact IEEE rounding; overflow gives infinity). */
export function float32ToFloat16Array(src: Float32Array, dst: Uint16Array = new Uint16Array(src.length)): Uint16Array {
  if (dst.length < src.length) throw new RangeError('The destination is too small.');
  for (let i = 0; i < src.length; i++) dst[i] = float32ToFloat16Bits(src[i]);
  return dst;
}

/**
 * Encodes features as halves, clamping finite values beyond +-65504 to +-65504 instead of letting
 * them become infinity (a saturated feature still trains; an infinite one poisons the loss). NaN
 * stays NaN so a broken backbone shows. Returns how many values were clamped.
 */
export function encodeFeatures(src: Float32Array, dst: Uint16Array, from = 0, count = src.length - from, dstOffset = 0): number {
  let clamped = 0;
  for (let i = 0; i < count; i++) {
    let v = src[from + i];
    if (v > FLOAT16_MAX && v !== Infinity) {
      v = FLOAT16_MAX;
      clamped++;
    } else if (v < -FLOAT16_MAX && v !== -Infinity) {
      v = -FLOAT16_MAX;
      clamped++;
    }
    dst[dstOffset + i] = float32ToFloat16Bits(v);
  }
  return clamped;
}
