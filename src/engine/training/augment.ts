/**
 * Random changes to training photos, per photo, as Keras' RandomFlip("horizontal"),
 * RandomRotation(factor) and RandomZoom(factor) layers do. Pixels in and out are NHWC RGB 0..255.
 * Differences from Keras: areas outside the photo are filled with mid-grey (Keras reflects them).
 */
import type { Augmentation } from '../../shared/config/types';
import { tf } from '../tf/tf';

const FILL = 127.5;

export interface PhotoTransform {
  flip: boolean;
  /** Radians. */
  angle: number;
  /** Box half-size relative to the photo: < 0.5 zooms in, > 0.5 zooms out. */
  halfSize: number;
}

/** Draws one photo's transform; `random` gives floats in [0, 1). */
export function drawTransform(aug: Augmentation, random: () => number): PhotoTransform {
  const flip = aug.flip && random() < 0.5;
  const angle = aug.rotation > 0 ? (random() * 2 - 1) * aug.rotation * 2 * Math.PI : 0;
  const zoom = aug.zoom > 0 ? (random() * 2 - 1) * aug.zoom : 0;
  return { flip, angle, halfSize: (1 + zoom) / 2 };
}

export function isIdentity(t: PhotoTransform): boolean {
  return !t.flip && t.angle === 0 && t.halfSize === 0.5;
}

export function augmentBatch(pixels: Float32Array, count: number, size: [number, number], aug: Augmentation, random: () => number): Float32Array {
  const t = tf();
  const [h, w] = size;
  const transforms = Array.from({ length: count }, () => drawTransform(aug, random));
  if (transforms.every(isIdentity)) return pixels;
  return t.tidy(() => {
    const batch = t.tensor4d(pixels, [count, h, w, 3]);
    const photos = t.split(batch, count, 0).map((photo, i) => {
      const tr = transforms[i];
      let x = photo as typeof batch;
      if (tr.flip) x = t.image.flipLeftRight(x);
      if (tr.angle !== 0) x = t.image.rotateWithOffset(x, tr.angle, FILL);
      if (tr.halfSize !== 0.5) {
        const box = [0.5 - tr.halfSize, 0.5 - tr.halfSize, 0.5 + tr.halfSize, 0.5 + tr.halfSize];
        x = t.image.cropAndResize(x, t.tensor2d([box]), [0], [h, w], 'bilinear', FILL);
      }
      return x;
    });
    return t.concat(photos, 0).dataSync() as Float32Array;
  });
}
