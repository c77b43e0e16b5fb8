/** A few real Kaggle photos from ../shared's zip, decoded with sharp to RGB pixels (0..255 floats). */
import sharp from 'sharp';
import * as yauzl from 'yauzl';
import { SHARED_ZIP } from '../../support/shared';

export async function readZipEntries(zip: string, names: string[]): Promise<Map<string, Buffer>> {
  const wanted = new Set(names);
  const found = new Map<string, Buffer>();
  const z = await yauzl.openPromise(zip, { lazyEntries: true });
  try {
    await new Promise<void>((resolve, reject) => {
      z.on('error', reject);
      z.on('end', () => resolve());
      z.on('entry', (entry: yauzl.Entry) => {
        const base = entry.fileName.split('/').pop()!;
        if (!wanted.has(base)) return z.readEntry();
        z.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            found.set(base, Buffer.concat(chunks));
            if (found.size === wanted.size) resolve();
            else z.readEntry();
          });
        });
      });
      z.readEntry();
    });
  } finally {
    z.close();
  }
  return found;
}

/** The photos resized (cover, centred) to size x size, as one NHWC batch of RGB floats 0..255. */
export async function photoBatch(names: string[], size: number): Promise<Float32Array> {
  const files = await readZipEntries(SHARED_ZIP, names);
  const out = new Float32Array(names.length * size * size * 3);
  for (const [i, name] of names.entries()) {
    const jpeg = files.get(name);
    if (!jpeg) throw new Error(`${name} is not in ${SHARED_ZIP}`);
    const raw = await sharp(jpeg).removeAlpha().resize(size, size, { fit: 'cover' }).raw().toBuffer();
    out.set(raw, i * size * size * 3);
  }
  return out;
}
