/** Real photos from ../shared's Kaggle zip, decoded to RGB float pixels the way extractors take them. */
import sharp from 'sharp';
import * as yauzl from 'yauzl';
import { SHARED_ZIP } from './shared';

/** Reads the named entries (e.g. "train/cat.1.jpg") from a zip file. */
export function readZipEntries(zipPath: string, names: string[]): Promise<Map<string, Buffer>> {
  const wanted = new Set(names);
  const found = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open zip'));
      zip.on('error', reject);
      zip.on('end', () => (found.size === wanted.size ? resolve(found) : reject(new Error(`missing in zip: ${[...wanted].filter((n) => !found.has(n)).join(', ')}`))));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!wanted.has(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('cannot read entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            if (found.size === wanted.size) {
              zip.close();
              resolve(found);
            } else zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** `count` photos alternating cat/dog from the shared zip, resized to h x w ('fill'), as NHWC RGB 0..255 floats. */
export async function sharedPhotoPixels(count: number, h: number, w: number, first = 1): Promise<Float32Array> {
  const names = Array.from({ length: count }, (_, i) => `train/${i % 2 === 0 ? 'cat' : 'dog'}.${first + Math.floor(i / 2)}.jpg`);
  const files = await readZipEntries(SHARED_ZIP, names);
  const out = new Float32Array(count * h * w * 3);
  for (let i = 0; i < count; i++) {
    const raw = await sharp(files.get(names[i])).removeAlpha().toColorspace('srgb').resize(w, h, { fit: 'fill' }).raw().toBuffer();
    if (raw.length !== h * w * 3) throw new Error(`${names[i]}: decoded ${raw.length} bytes`);
    out.set(raw, i * h * w * 3);
  }
  return out;
}
