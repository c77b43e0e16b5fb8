/**
 * Real Kaggle photos for engine tests: the first N cats and N dogs of ../shared's train.zip,
 * extracted once per test process into a temporary folder (removed when the process exits).
 */
import { mkdtempSync, rmSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export function testPhotos(perClass: number): Promise<TestPhotos> {
  let promise = extracted.get(perClass);
  if (!promise) {
    promise = extract(perClass);
    extracted.set(perClass, promise);
  }
  return promise;
}

function wanted(name: string, perClass: number): boolean {
  const m = /^train\/(cat|dog)\.(\d+)\.jpg$/.exec(name);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= perClass;
}

async function extract(perClass: number): Promise<TestPhotos> {
  const dir = testTempDir('cats-dogs-photos-');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(SHARED_ZIP, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!wanted(entry.fileName, perClass)) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, async (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          fs.writeFile(join(dir, entry.fileName.slice('train/'.length)), Buffer.concat(chunks)).then(() => zip.readEntry(), reject);
        });
      });
    });
    zip.readEntry();
  });
  const byNumber = (prefix: string) => Array.from({ length: perClass }, (_, i) => join(dir, `${prefix}.${i + 1}.jpg`));
  const cats = byNumber('cat');
  const dogs = byNumber('dog');
  await Promise.all([...cats, ...dogs].map((f) => fs.access(f)));
  return { dir, cats, dogs, all: [...cats, ...dogs] };
}
