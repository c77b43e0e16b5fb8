/**
 * Decoding a photo file to RGB pixels at the backbone's input size, with sharp (libvips).
 *
 * Matching Keras is the goal (features must agree with a Keras run of the same lab):
 * - the whole photo is squashed to [h, w] (resize.ts: tf.image.resize bilinear by default);
 * - EXIF orientation is NOT applied: neither tf.io.decode_image (image_dataset_from_directory) nor
 *   PIL's Image.open (load_img) rotates, so a sideways-tagged phone photo reaches the model sideways;
 * - embedded ICC profiles are ignored (TF and PIL ignore them too);
 * - alpha is dropped without compositing (what decode_image(channels=3) and PIL's convert('RGB') do);
 *   greyscale, palette and CMYK photos are converted to 3-channel sRGB; animations give frame one.
 * The JPEG decoder is libjpeg-turbo's accurate integer DCT; TF's default is the fast one, so pixels
 * can differ by a level or two from TensorFlow's (not measurable in accuracy).
 *
 * Errors for unreadable photos are returned, never thrown: the caller skips, counts and names them.
 */
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { resizeRgbInto, floatsToBytes, type ResizeMethod, type RgbImage } from './resize';

/**
 * Photos larger than this (in pixels) are refused: decoding one takes 3 bytes a pixel before the
 * resize (a 48 MP photo is 144 MB), and only a few decodes run at once, so this bounds memory.
 */
export const MAX_INPUT_PIXELS = 50_000_000;

export type DecodeOutcome = { ok: true } | { ok: false; reason: string };

let configured = false;

/**
 * One-time sharp settings for a stream of distinct photos: no libvips operation cache (it would hold
 * up to 50 MB of decoded photos that are never asked for again), and one libvips thread per photo,
 * since we decode several photos at once (each on its own libuv thread-pool thread).
 */
export function configureSharp(): void {
  if (configured) return;
  configured = true;
  sharp.cache(false);
  sharp.concurrency(1);
}

/**
 * How many photos to decode at once by default: two per core (a decode waits on the disk, and the
 * resize runs on the main thread meanwhile), capped by libuv's thread pool (4 unless
 * UV_THREADPOOL_SIZE says otherwise), where sharp runs. Measured on 2 cores: 4 in flight beat 1.
 */
export function defaultDecodeConcurrency(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(pool, 2 * availableParallelism()));
}

/** Decodes a whole photo file (or its bytes) to 8-bit RGB at its own size. Throws on unreadable input. */
export async function readRgb(input: string | Uint8Array): Promise<RgbImage> {
  configureSharp();
  const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, ignoreIcc: true, autoOrient: false, pages: 1 })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
    throw new Error(`decoded to ${info.channels} channels of ${info.width}x${info.height}, expected RGB`);
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Turns a sharp/libvips/fs error into a short reason a person can act on. */
export function describeDecodeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT' || /Input file is missing/i.test(message)) return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a photo';
  if (/unsupported image format/i.test(message)) return 'not a photo sharp can read (unsupported or unknown format)';
  if (/exceeds pixel limit/i.test(message)) return `photo too large (over ${MAX_INPUT_PIXELS / 1e6} megapixels)`;
  if (/premature end|truncat|corrupt|invalid|bad |not a JPEG|unexpected/i.test(message)) return `damaged photo: ${firstLine(message)}`;
  return `cannot decode: ${firstLine(message)}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/**
 * Decodes `file`, resizes it to `size` ([height, width]) and writes h*w*3 floats (RGB 0..255, NHWC)
 * into `dst` from `offset`. Returns why not, instead of throwing, when the photo cannot be read.
 */
export async function decodePhotoInto(
  file: string,
  size: readonly [number, number],
  method: ResizeMethod,
  dst: Float32Array,
  offset: number,
): Promise<DecodeOutcome> {
  let image: RgbImage;
  try {
    image = await readRgb(file);
  } catch (err) {
    return { ok: false, reason: describeDecodeError(err) };
  }
  resizeRgbInto(image, size, method, dst, offset);
  return { ok: true };
}

export type DecodedPhoto = { ok: true; pixels: Uint8Array; height: number; width: number } | { ok: false; reason: string };

/** Decodes and resizes one photo to an [h, w, 3] Uint8Array (rounded; batches keep the fractions). */
export async function decodePhoto(file: string, size: readonly [number, number], method: ResizeMethod = 'bilinear'): Promise<DecodedPhoto> {
  const floats = new Float32Array(size[0] * size[1] * 3);
  const outcome = await decodePhotoInto(file, size, method, floats, 0);
  if (!outcome.ok) return outcome;
  return { ok: true, pixels: floatsToBytes(floats), height: size[0], width: size[1] };
}

/** Copies [h, w, 3] bytes into a float batch at photo slot `slot` (for callers holding Uint8 photos). */
export function bytesIntoBatch(pixels: Uint8Array, batch: Float32Array, slot: number): void {
  const offset = slot * pixels.length;
  if (offset + pixels.length > batch.length) throw new RangeError(`Slot ${slot} is outside the batch.`);
  for (let i = 0; i < pixels.length; i++) batch[offset + i] = pixels[i];
}
