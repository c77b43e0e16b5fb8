/**
 * Preparing the real 2,000-photo Kaggle zip from ../shared: exact counts, decodable photos, a manifest
 * that matches the files, an idempotent re-run, replace, and cancel. Prints the time and photos/s.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { EngineToHost, PrepareJob } from '../../../src/shared/protocol/engine';
import { prepareDataset, readDatasetLayout, readManifest, type DatasetManifest } from '../../../src/engine/dataset';
import { deriveSeed } from '../../../src/engine/dataset/prng';
import { assignSplits } from '../../../src/engine/dataset/splitMath';
import { CancelledError, EngineError } from '../../../src/engine/errors';
import { SHARED_ZIP, sharedAvailable } from '../../support/shared';

const job = (out: string, over: Partial<PrepareJob> = {}): PrepareJob => ({ kind: 'prepare', source: SHARED_ZIP, out, split: [70, 15, 15], seed: 42, ...over });
const quiet = { emit: () => undefined, signal: new AbortController().signal };

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every file and folder under dir with its mtime: a re-run that touches nothing leaves this equal. */
async function snapshot(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (d: string): Promise<void> => {
    out.set(d, (await fs.stat(d)).mtimeMs);
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(p, (await fs.stat(p)).mtimeMs);
    }
  };
  await walk(dir);
  return out;
}

async function filesOnDisk(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const split of ['train', 'validation', 'test']) for (const cls of ['cats', 'dogs']) for (const f of await fs.readdir(join(dir, split, cls))) files.push(`${split}/${cls}/${f}`);
  return files.sort();
}

describe('dataset/prepare on the shared Kaggle zip', function () {
  let root: string;
  let out: string;
  let first: DatasetManifest;

  before(async function () {
    if (!sharedAvailable()) this.skip();
    root = await fs.mkdtemp(join(tmpdir(), 'prepare-shared-'));
    out = join(root, 'cats_vs_dogs');
    const events: EngineToHost[] = [];
    const started = Date.now();
    const summary = await prepareDataset(job(out), { emit: (e) => events.push(e), signal: new AbortController().signal });
    const seconds = (Date.now() - started) / 1000;
    console.log(`      prepared ${summary.photos} photos in ${seconds.toFixed(1)} s: ${(summary.photos / seconds).toFixed(0)} photos/s overall, ${summary.photosPerSecond} photos/s checked`);
    assert.equal(summary.unchanged, false);
    const progress = events.filter((e) => e.type === 'progress');
    assert.ok(progress.length >= 2, 'progress events');
    assert.deepEqual(progress[progress.length - 1], { ...progress[progress.length - 1], phase: 'prepare', done: 2000, total: 2000, unit: 'photos' });
    const prepared = events.find((e) => e.type === 'prepared');
    assert.ok(prepared && prepared.type === 'prepared' && !prepared.unchanged && prepared.out === out);
    first = (await readManifest(out))!;
  });

  after(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('gives exactly 700/150/150 photos per class, and readDatasetLayout agrees', async () => {
    assert.deepEqual(first.counts, { train: { cats: 700, dogs: 700 }, validation: { cats: 150, dogs: 150 }, test: { cats: 150, dogs: 150 } });
    const layout = await readDatasetLayout(out);
    for (const split of ['train', 'validation', 'test'] as const) {
      for (const cls of ['cats', 'dogs'] as const) assert.equal(layout[split][cls].length, first.counts[split][cls]);
    }
    assert.deepEqual(first.rejected, []);
  });

  it('every output photo decodes', async () => {
    const files = await filesOnDisk(out);
    assert.equal(files.length, 2000);
    for (let i = 0; i < files.length; i += 8) {
      await Promise.all(files.slice(i, i + 8).map((f) => sharp(join(out, f)).resize(16, 16).raw().toBuffer()));
    }
  });

  it('the manifest lists exactly the files on disk with their hashes, and the zip\'s hash', async () => {
    assert.deepEqual(first.photos.map((p) => p.file).sort(), await filesOnDisk(out));
    for (const p of first.photos) {
      const data = await fs.readFile(join(out, p.file));
      assert.equal(createHash('sha256').update(data).digest('hex'), p.sha256, p.file);
      assert.equal(data.length, p.bytes);
      assert.equal(p.original, `train/${p.file.split('/')[2]}`, 'Kaggle names are kept');
    }
    assert.equal(first.source.kind, 'zip');
    assert.equal(first.source.sha256, await sha256File(SHARED_ZIP));
    assert.equal(first.source.size, (await fs.stat(SHARED_ZIP)).size);
    assert.equal(first.seed, 42);
    assert.deepEqual(first.split, [70, 15, 15]);
  });

  it('the split is the seeded shuffle of the sorted names, per class', () => {
    for (const cls of ['cats', 'dogs'] as const) {
      const mine = first.photos.filter((p) => p.class === cls);
      const parts = assignSplits(mine.map((p) => p.file.split('/')[2]), [70, 15, 15], deriveSeed(42, cls));
      for (const split of ['train', 'validation', 'test'] as const) {
        assert.deepEqual(mine.filter((p) => p.split === split).map((p) => p.file.split('/')[2]).sort(), [...parts[split]].sort());
      }
    }
  });

  it('a re-run with the same settings says unchanged and touches nothing', async () => {
    const before = await snapshot(out);
    const events: EngineToHost[] = [];
    const s = await prepareDataset(job(out), { emit: (e) => events.push(e), signal: new AbortController().signal });
    assert.equal(s.unchanged, true);
    assert.deepEqual(s.counts, first.counts);
    assert.ok(events.some((e) => e.type === 'prepared' && e.unchanged));
    assert.deepEqual(await snapshot(out), before);
    assert.deepEqual(readdirSync(root), ['cats_vs_dogs']);
  });

  it('another seed without replace is refused, saying what differs and how to replace', async () => {
    await assert.rejects(prepareDataset(job(out, { seed: 7 }), quiet), (e: unknown) => e instanceof EngineError && /seed 42 → 7/.test(e.message) && /--replace/.test(e.hint!));
    await assert.rejects(prepareDataset(job(out, { split: [80, 10, 10] }), quiet), /split 70\/15\/15 → 80\/10\/10/);
    assert.deepEqual((await readManifest(out))!.createdAt, first.createdAt);
  });

  it('with replace, another seed gives another split and fully replaces the old dataset', async () => {
    const s = await prepareDataset(job(out, { seed: 7, replace: true }), quiet);
    assert.equal(s.unchanged, false);
    const second = (await readManifest(out))!;
    assert.equal(second.seed, 7);
    assert.deepEqual(second.counts, first.counts);
    const testSet = (m: DatasetManifest): string[] => m.photos.filter((p) => p.split === 'test').map((p) => p.file).sort();
    assert.notDeepEqual(testSet(second), testSet(first));
    assert.deepEqual(second.photos.map((p) => p.file).sort(), await filesOnDisk(out));
    assert.deepEqual(readdirSync(root), ['cats_vs_dogs'], 'no work or old folder left beside it');
  });

  it('cancelling mid-way leaves no target and no work folder', async () => {
    const out2 = join(root, 'cancelled');
    const controller = new AbortController();
    const emit = (e: EngineToHost): void => {
      if (e.type === 'progress' && e.done >= 100) controller.abort();
    };
    await assert.rejects(prepareDataset(job(out2), { emit, signal: controller.signal }), (e: unknown) => e instanceof CancelledError);
    assert.ok(!existsSync(out2));
    assert.deepEqual(readdirSync(root), ['cats_vs_dogs']);
  });
});
