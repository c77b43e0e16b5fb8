/**
 * Real Kaggle photos for engine tests, from ../shared's train.zip: raw entries, the first N cats and
 * N dogs extracted once per test process into a temporary folder, or decoded pixels.
 */
import { mkdtempSync, rmSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import * as yauzl from 'yauzl';
import { SHARED_ZIP } from './shared';

export interface TestPhotos {
  dir: string;
  cats: string[];
  dogs: string[];
  /** cats then dogs. */
  all: string[];
}

const extracted = new Map<number, Promise<TestPhotos>>();
const tempDirs: string[] = [];
process.once('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder removed when the test process exits. */
export function testTempDir(prefix = 'cats-dogs-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

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

/** The first `perClass` cats and dogs (cat.1.jpg ...), extracted once per process. */
export function testPhotos(perClass: number): Promise<TestPhotos> {
  let promise = extracted.get(perClass);
  if (!promise) {
    promise = extract(perClass);
    extracted.set(perClass, promise);
  }
  return promise;
}

async function extract(perClass: number): Promise<TestPhotos> {
  const dir = testTempDir('cats-dogs-photos-');
  const byNumber = (prefix: string) => Array.from({ length: perClass }, (_, i) => `${prefix}.${i + 1}.jpg`);
  const names = [...byNumber('cat'), ...byNumber('dog')];
  const entries = await readZipEntries(SHARED_ZIP, names.map((n) => `train/${n}`));
  await Promise.all(names.map((n) => fs.writeFile(join(dir, n), entries.get(`train/${n}`)!)));
  const cats = byNumber('cat').map((n) => join(dir, n));
  const dogs = byNumber('dog').map((n) => join(dir, n));
  return { dir, cats, dogs, all: [...cats, ...dogs] };
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
