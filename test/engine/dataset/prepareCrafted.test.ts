/**
 * prepareDataset on crafted sources: damaged photos, PetImages layout, hostile and broken zips, name
 * clashes, a full disk, bad targets and sources, stale work folders, and a download from a local server.
 * Photos are tiny JPEGs made with sharp, so these run in seconds.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { EngineToHost, PrepareJob } from '../../../src/shared/protocol/engine';
import { prepareDataset, readManifest } from '../../../src/engine/dataset';
import { splitCounts } from '../../../src/engine/dataset/splitMath';
import { MARKER_FILE } from '../../../src/engine/dataset/target';
import { EngineError } from '../../../src/engine/errors';
import { startFileServer } from '../../support/httpServer';
import { makeJpeg, makePng } from '../../support/syntheticPhotos';
import { makeZip, type ZipEntrySpec } from '../../support/zipWriter';

const quiet = { emit: () => undefined, signal: new AbortController().signal };
const isEngineError = (re: RegExp, hint?: RegExp) => (e: unknown): boolean => {
  if (!(e instanceof EngineError)) throw e;
  assert.match(e.message, re);
  if (hint) assert.match(e.hint ?? '', hint);
  return true;
};

describe('dataset/prepare on crafted sources', function () {
  let root: string;
  let cats: Buffer[];
  let dogs: Buffer[];
  let noisy: Buffer;

  const job = (source: string, out: string, over: Partial<PrepareJob> = {}): PrepareJob => ({ kind: 'prepare', source, out, split: [70, 15, 15], seed: 42, cacheDir: join(root, 'cache'), ...over });

  async function writeFiles(base: string, files: Record<string, Buffer | string>): Promise<string> {
    for (const [rel, data] of Object.entries(files)) {
      await fs.mkdir(dirname(join(base, rel)), { recursive: true });
      await fs.writeFile(join(base, rel), data);
    }
    return base;
  }

  /** Every path under root, relative: to show nothing was written where it should not be. */
  async function tree(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) out.push(join(e.parentPath ?? (e as any).path, e.name).slice(dir.length + 1));
    return out.sort();
  }

  const kaggle = (n = 20): Record<string, Buffer> => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < n; i++) {
      files[`cat.${i + 1}.jpg`] = cats[i];
      files[`dog.${i + 1}.jpg`] = dogs[i];
    }
    return files;
  };

  before(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'prepare-crafted-'));
    cats = await Promise.all(Array.from({ length: 20 }, (_, i) => makeJpeg(i)));
    dogs = await Promise.all(Array.from({ length: 20 }, (_, i) => makeJpeg(100 + i)));
    noisy = await sharp({ create: { width: 96, height: 96, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 60 }, background: 'black' } }).jpeg({ quality: 95 }).toBuffer();
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('rejects and reports a zero-byte file, a truncated JPEG and a text file named cat.5.jpg', async () => {
    const files = { ...kaggle(), 'cat.21.jpg': Buffer.alloc(0), 'cat.22.jpg': noisy.subarray(0, Math.floor(noisy.length * 0.6)), 'cat.5.jpg': 'I am not a photo', 'notes.txt': 'hello' };
    const src = await writeFiles(join(root, 'bad-photos'), files);
    const out = join(root, 'out-bad');
    const s = await prepareDataset(job(src, out), quiet);
    const reasons = Object.fromEntries(s.rejected.map((r) => [r.file, r.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ['cat.21.jpg', 'cat.22.jpg', 'cat.5.jpg']);
    assert.match(reasons['cat.21.jpg'], /empty file/);
    assert.match(reasons['cat.22.jpg'], /truncated/, JSON.stringify(reasons));
    assert.match(reasons['cat.5.jpg'], /not an image/);
    assert.equal(s.ignored, 1);
    const [tr, va, te] = splitCounts(19, [70, 15, 15]);
    assert.deepEqual(s.counts, { train: { cats: tr, dogs: 14 }, validation: { cats: va, dogs: 3 }, test: { cats: te, dogs: 3 } });
    const m = (await readManifest(out))!;
    assert.deepEqual(m.rejected, s.rejected);
    const names = m.photos.map((p) => p.file.split('/')[2]);
    for (const bad of ['cat.21.jpg', 'cat.22.jpg', 'cat.5.jpg']) assert.ok(!names.includes(bad), `${bad} must not be in a split`);
    // A folder source on the same drive is hard-linked, not copied.
    const p = m.photos[0];
    assert.equal(statSync(join(out, p.file)).ino, statSync(join(src, p.original)).ino);
    assert.equal(m.linked, m.photos.length);
  });

  it('copies instead of linking with copy: true', async () => {
    const src = await writeFiles(join(root, 'copy-src'), kaggle());
    const out = join(root, 'out-copy');
    await prepareDataset(job(src, out, { copy: true }), quiet);
    const m = (await readManifest(out))!;
    for (const p of m.photos.slice(0, 5)) assert.notEqual(statSync(join(out, p.file)).ino, statSync(join(src, p.original)).ino);
    assert.equal(m.linked, 0);
  });

  it('reads a PetImages-style folder (Cat/, Dog/, Thumbs.db, a 0-byte photo, a PNG named .jpg)', async () => {
    const files: Record<string, Buffer | string> = { 'PetImages/Cat/Thumbs.db': 'x', 'PetImages/Dog/Thumbs.db': 'x', 'PetImages/Cat/666.jpg': Buffer.alloc(0) };
    for (let i = 0; i < 20; i++) {
      files[`PetImages/Cat/${i}.jpg`] = cats[i];
      files[`PetImages/Dog/${i}.jpg`] = dogs[i];
    }
    files['PetImages/Dog/5.jpg'] = await makePng(5);
    const src = await writeFiles(join(root, 'petimages'), files);
    const out = join(root, 'out-pet');
    const s = await prepareDataset(job(src, out), quiet);
    assert.deepEqual(s.rejected.map((r) => r.file), ['PetImages/Cat/666.jpg']);
    assert.equal(s.ignored, 2);
    assert.equal(s.photos, 40);
    assert.deepEqual(s.counts.train, { cats: 14, dogs: 14 });
    const m = (await readManifest(out))!;
    assert.ok(m.photos.some((p) => p.file.endsWith('/dogs/5.jpg') && p.original === 'PetImages/Dog/5.jpg'));
  });

  it('reads a PetImages zip, reporting zip-slip and encrypted entries and writing nothing outside', async () => {
    const entries: ZipEntrySpec[] = [
      { name: 'PetImages/', data: '' },
      { name: '../../escaped-cat.1.jpg', data: cats[0] },
      { name: '/tmp/absolute-cat.2.jpg', data: cats[1] },
      { name: 'PetImages/Cat/../../../up-cat.3.jpg', data: cats[2] },
      { name: 'PetImages/Cat/locked.jpg', data: cats[3], encrypted: true },
      { name: 'CDLA-Permissive-2.0.pdf', data: 'pdf' },
    ];
    for (let i = 0; i < 20; i++) {
      entries.push({ name: `PetImages/Cat/${i}.jpg`, data: cats[i], method: i % 2 ? 'deflate' : 'store' });
      entries.push({ name: `PetImages/Dog/${i}.jpg`, data: dogs[i] });
    }
    const box = join(root, 'slip', 'a', 'b');
    await fs.mkdir(box, { recursive: true });
    const zipPath = join(box, 'pets.zip');
    await fs.writeFile(zipPath, makeZip(entries));
    const out = join(box, 'out');
    const s = await prepareDataset(job(zipPath, out), quiet);
    const reasons = Object.fromEntries(s.rejected.map((r) => [r.file, r.reason]));
    assert.match(reasons['../../escaped-cat.1.jpg'], /zip-slip/);
    assert.match(reasons['/tmp/absolute-cat.2.jpg'], /absolute/);
    assert.match(reasons['PetImages/Cat/../../../up-cat.3.jpg'], /zip-slip/);
    assert.match(reasons['PetImages/Cat/locked.jpg'], /encrypted/);
    assert.equal(s.photos, 40);
    const all = await tree(join(root, 'slip'));
    assert.ok(!all.some((p) => /escaped|absolute|up-cat/.test(p)), all.join('\n'));
    assert.ok(!existsSync('/tmp/absolute-cat.2.jpg'));
    assert.deepEqual(readdirSync(box).sort(), ['out', 'pets.zip']);
  });

  it("pools cats_and_dogs_filtered's own train/ and validation/ and splits them afresh", async () => {
    const entries: ZipEntrySpec[] = [{ name: 'cats_and_dogs_filtered/vectorize.py', data: 'print(1)' }];
    for (let i = 0; i < 20; i++) {
      const part = i < 14 ? 'train' : 'validation';
      entries.push({ name: `cats_and_dogs_filtered/${part}/cats/cat.${i}.jpg`, data: cats[i], method: 'deflate' });
      entries.push({ name: `cats_and_dogs_filtered/${part}/dogs/dog.${i}.jpg`, data: dogs[i], method: 'deflate' });
    }
    const zipPath = join(root, 'cats_and_dogs_filtered.zip');
    await fs.writeFile(zipPath, makeZip(entries));
    const s = await prepareDataset(job(zipPath, join(root, 'out-filtered')), quiet);
    assert.equal(s.ignored, 1);
    assert.deepEqual(s.counts, { train: { cats: 14, dogs: 14 }, validation: { cats: 3, dogs: 3 }, test: { cats: 3, dogs: 3 } });
    const m = (await readManifest(join(root, 'out-filtered')))!;
    // Re-split: some of the archive's own validation photos end up in train here.
    assert.ok(m.photos.some((p) => p.split === 'train' && p.original.includes('/validation/')));
  });

  it('refuses a file that is not a zip, and a truncated zip, leaving nothing behind', async () => {
    const dir = join(root, 'broken');
    await fs.mkdir(dir);
    await fs.writeFile(join(dir, 'train.zip'), '<!DOCTYPE html><title>Sign in to Kaggle</title>');
    await assert.rejects(prepareDataset(job(join(dir, 'train.zip'), join(dir, 'out')), quiet), isEngineError(/is not a zip file/, /train\.zip/));
    const zip = makeZip(Object.entries(kaggle()).map(([name, data]) => ({ name: `train/${name}`, data })));
    await fs.writeFile(join(dir, 'cut.zip'), zip.subarray(0, zip.length - 200));
    await assert.rejects(prepareDataset(job(join(dir, 'cut.zip'), join(dir, 'out')), quiet), isEngineError(/damaged or incomplete/, /download or copy it again/));
    assert.deepEqual(readdirSync(dir).sort(), ['cut.zip', 'train.zip']);
  });

  it('an archive whose every photo is encrypted says so', async () => {
    const zipPath = join(root, 'locked.zip');
    await fs.writeFile(zipPath, makeZip([{ name: 'cat.1.jpg', data: cats[0], encrypted: true }, { name: 'dog.1.jpg', data: dogs[0], encrypted: true }]));
    await assert.rejects(prepareDataset(job(zipPath, join(root, 'out-locked')), quiet), isEngineError(/all 2 were refused .*encrypted/));
  });

  it('names that match no class are ignored unless nothing matches; an empty class is fatal', async () => {
    const none = await writeFiles(join(root, 'unlabelled'), { '1.jpg': cats[0], '2.jpg': cats[1], 'train.zip': 'x' });
    await assert.rejects(prepareDataset(job(none, join(root, 'o1')), quiet), isEngineError(/No cat or dog photos found in the folder .*3 files/, /unzip the outer archive and give train\.zip/));
    const onlyCats = await writeFiles(join(root, 'only-cats'), { 'cats/a.jpg': cats[0], 'cats/b.jpg': cats[1], 'readme.md': '#' });
    await assert.rejects(prepareDataset(job(onlyCats, join(root, 'o2')), quiet), isEngineError(/No dog photos found in the folder .*only-cats \(found 2 cat photos\)/, /dogs\//));
    const badDogs = await writeFiles(join(root, 'bad-dogs'), { ...Object.fromEntries(Object.entries(kaggle()).filter(([n]) => n.startsWith('cat'))), 'dog.1.jpg': '', 'dog.2.jpg': 'text' });
    await assert.rejects(prepareDataset(job(badDogs, join(root, 'o3')), quiet), isEngineError(/No usable dog photos .*all 2 were rejected/));
    assert.ok(!existsSync(join(root, 'o1')) && !existsSync(join(root, 'o2')) && !existsSync(join(root, 'o3')));
  });

  it('too few photos for the split is a clear error', async () => {
    const few = await writeFiles(join(root, 'few'), { 'cat.1.jpg': cats[0], 'cat.2.jpg': cats[1], 'dog.1.jpg': dogs[0], 'dog.2.jpg': dogs[1] });
    await assert.rejects(prepareDataset(job(few, join(root, 'o-few')), quiet), isEngineError(/Too few photos to split 70\/15\/15: 2 cat photos give 2\/0\/0/, /--split/));
  });

  it('same names in different folders get unique names; the very same photo twice is kept once', async () => {
    const files: Record<string, Buffer> = { ...kaggle() };
    files['more/cats/cat.1.jpg'] = cats[19].equals(cats[0]) ? cats[18] : await makeJpeg(500);
    files['copy/cats/cat.2.jpg'] = cats[1]; // the same bytes as cat.2.jpg
    const src = await writeFiles(join(root, 'clash'), files);
    const out = join(root, 'out-clash');
    const s = await prepareDataset(job(src, out), quiet);
    const m = (await readManifest(out))!;
    const byOriginal = Object.fromEntries(m.photos.map((p) => [p.original, p.file.split('/')[2]]));
    assert.equal(byOriginal['cat.1.jpg'], 'cat.1.jpg');
    assert.equal(byOriginal['more/cats/cat.1.jpg'], 'cat.1-2.jpg');
    assert.deepEqual(s.rejected.map((r) => r.file), ['copy/cats/cat.2.jpg']);
    assert.match(s.rejected[0].reason, /same photo as cat\.2\.jpg/);
    assert.equal(s.photos, 41);
    // Deterministic: the same again elsewhere gives the same names and splits.
    const again = join(root, 'out-clash-2');
    await prepareDataset(job(src, again), quiet);
    assert.deepEqual((await readManifest(again))!.photos, m.photos);
  });

  it('a full disk gives a clear message and leaves no target and no work folder', async () => {
    const src = await writeFiles(join(root, 'enospc-src'), kaggle());
    const box = join(root, 'enospc');
    await fs.mkdir(box);
    let writes = 0;
    const writeFile = async (path: string, data: Uint8Array | string): Promise<void> => {
      if (++writes > 5) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
      await fs.writeFile(path, data);
    };
    await assert.rejects(prepareDataset(job(src, join(box, 'out'), { copy: true }), quiet, { writeFile }), isEngineError(/disk is full/, /Free some space/));
    assert.deepEqual(readdirSync(box), []);
  });

  it('a target that is a file, a foreign folder, or a source that does not exist are refused', async () => {
    const src = await writeFiles(join(root, 'ok-src'), kaggle());
    await fs.writeFile(join(root, 'a-file'), 'x');
    await assert.rejects(prepareDataset(job(src, join(root, 'a-file')), quiet), isEngineError(/is a file, not a folder/));
    const foreign = await writeFiles(join(root, 'my-project'), { 'src/index.ts': 'x', 'package.json': '{}' });
    await assert.rejects(prepareDataset(job(src, foreign, { replace: true }), quiet), isEngineError(/already holds other files .*refusing/, /new or empty folder/));
    assert.ok(existsSync(join(foreign, 'src/index.ts')));
    // Even with a dataset.json of someone else's making: not ours to delete.
    await fs.writeFile(join(foreign, 'dataset.json'), '{"name": "another tool"}');
    await assert.rejects(prepareDataset(job(src, foreign, { replace: true }), quiet), isEngineError(/already holds other files/));
    assert.ok(existsSync(join(foreign, 'src/index.ts')));
    await assert.rejects(prepareDataset(job(join(root, 'nope.zip'), join(root, 'o4')), quiet), isEngineError(/nope\.zip does not exist/, /train\.zip/));
  });

  it('a dataset may be made inside its source folder, but a source inside the dataset is refused', async () => {
    const src = await writeFiles(join(root, 'holder'), kaggle());
    const inside = join(src, 'dataset');
    assert.equal((await prepareDataset(job(src, inside), quiet)).photos, 40);
    // The dataset is left out of the source's listing, so a re-run finds the source unchanged.
    assert.equal((await prepareDataset(job(src, inside), quiet)).unchanged, true);
    await assert.rejects(prepareDataset(job(join(inside, 'train'), inside, { replace: true }), quiet), isEngineError(/inside the output folder/));
  });

  it('a damaged manifest, or photos changed by hand, need replace; a manifest-less dataset too', async () => {
    const src = await writeFiles(join(root, 'dm-src'), kaggle());
    const out = join(root, 'out-dm');
    await prepareDataset(job(src, out), quiet);
    const m = (await readManifest(out))!;
    await fs.rm(join(out, m.photos[0].file));
    await assert.rejects(prepareDataset(job(src, out), quiet), isEngineError(/no longer matches its manifest: 1 photo\(s\) missing/, /--replace/));
    await fs.writeFile(join(out, 'dataset.json'), '{"version": 1, "photos": [');
    await assert.rejects(prepareDataset(job(src, out), quiet), isEngineError(/manifest .* is damaged/, /replace/));
    const s = await prepareDataset(job(src, out, { replace: true }), quiet);
    assert.equal(s.photos, 40);
    await fs.rm(join(out, 'dataset.json'));
    await assert.rejects(prepareDataset(job(src, out), quiet), isEngineError(/without dataset\.json/, /--replace/));
    assert.equal((await prepareDataset(job(src, out, { replace: true }), quiet)).photos, 40);
  });

  it('cleans a work folder left by a killed run', async () => {
    const src = await writeFiles(join(root, 'stale-src'), kaggle());
    const box = join(root, 'stale');
    const stale = join(box, 'out.tmp-0123456789ab');
    await writeFiles(stale, { 'train/cats/cat.1.jpg': cats[0], [MARKER_FILE]: JSON.stringify({ pid: spawnSync(process.execPath, ['-e', '0']).pid }) });
    const logs: string[] = [];
    await prepareDataset(job(src, join(box, 'out')), { emit: (e: EngineToHost) => e.type === 'log' && logs.push(e.message), signal: new AbortController().signal });
    assert.deepEqual(readdirSync(box), ['out']);
    assert.ok(logs.some((l) => /left by an interrupted run/.test(l)), logs.join('\n'));
  });

  it('downloads an archive from a server into the cache, prepares it, and does not download it again', async () => {
    const www = join(root, 'www');
    const zip = makeZip(Object.entries(kaggle()).map(([name, data]) => ({ name: `train/${name}`, data })));
    await writeFiles(www, { 'cats.zip': zip });
    const server = await startFileServer(www);
    try {
      const url = `${server.url}/cats.zip`;
      const out = join(root, 'out-dl');
      const events: EngineToHost[] = [];
      const s = await prepareDataset(job(url, out), { emit: (e) => events.push(e), signal: new AbortController().signal });
      assert.equal(s.photos, 40);
      const m = (await readManifest(out))!;
      assert.equal(m.source.kind, 'download');
      assert.equal(m.source.url, url);
      assert.equal(m.source.sha256, createHash('sha256').update(zip).digest('hex'));
      assert.ok(m.source.path.startsWith(join(root, 'cache', 'downloads')));
      assert.deepEqual(await fs.readFile(m.source.path), zip);
      const dl = events.filter((e) => e.type === 'progress' && e.phase === 'download');
      assert.ok(dl.length > 0 && dl.every((e) => e.type === 'progress' && e.unit === 'bytes'));
      const requests = server.requests.length;
      assert.equal((await prepareDataset(job(url, out), quiet)).unchanged, true);
      // A new output from the same URL reuses the cached archive.
      await prepareDataset(job(url, join(root, 'out-dl-2')), quiet);
      assert.equal(server.requests.length, requests);
      // A wrong expected hash is caught.
      await assert.rejects(prepareDataset(job(url, join(root, 'out-dl-3'), { sha256: 'a'.repeat(64), cacheDir: join(root, 'cache2') }), quiet), isEngineError(/expected a{64}/));
      assert.ok(!existsSync(join(root, 'out-dl-3')));
    } finally {
      await server.close();
    }
  });
});
