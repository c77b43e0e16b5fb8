/**
 * Whether a photo really decodes: sharp reads the header, then decodes the whole image (shrunk on load
 * to 8x8, which still walks every scan, so a truncated JPEG fails). sharp's default failOn ('warning')
 * is kept on purpose: what passes here also passes the training pipeline's decoder.
 */
// The package's types for moduleResolution "node" are its ESM ones; at run time require() gives the function.
type Sharp = typeof import('sharp').default;

export type PhotoCheck = { ok: true; format: string; width: number; height: number } | { ok: false; reason: string };

let sharpModule: Sharp | undefined;
function sharp(): Sharp {
  // Loaded on first use: the CLI's other commands should not pay for the native module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sharpModule ??= require('sharp') as Sharp;
  return sharpModule;
}

/** Turns sharp's message into a reason a person can act on. */
export function describeDecodeError(message: string): string {
  const first = message.split('\n')[0].trim();
  if (/buffer is empty/i.test(first)) return 'empty file (0 bytes)';
  if (/unsupported image format/i.test(first)) return 'not an image (unrecognised file format)';
  if (/premature end|truncated|unexpected end/i.test(first)) return `truncated image (${first})`;
  // libvips sometimes loses the warning's own text when several decodes run at once.
  if (/warning treated as error/i.test(first)) return 'damaged or truncated image (the decoder stopped with a warning)';
  return `damaged image (${first})`;
}

export async function checkPhoto(data: Buffer): Promise<PhotoCheck> {
  if (data.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  try {
    const meta = await sharp()(data).metadata();
    if (!meta.width || !meta.height) return { ok: false, reason: 'damaged image (no size in its header)' };
    await sharp()(data).resize(8, 8, { fit: 'fill' }).raw().toBuffer();
    return { ok: true, format: meta.format ?? 'unknown', width: meta.width, height: meta.height };
  } catch (err) {
    return { ok: false, reason: describeDecodeError((err as Error).message) };
  }
}
