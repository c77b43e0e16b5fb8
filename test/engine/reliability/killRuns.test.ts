/**
 * Kill it and lose nothing: `cats-dogs train` (dist/engine.js, a real child process on a tiny real
 * lab) is SIGKILLed again and again — while features are cached, mid-epoch, while the model is
 * saved, while results.csv is written (stopped exactly there by the test-only pause points, see
 * src/shared/node/testPause.ts), and at seeded random moments. After every kill: results.csv is
 * valid and every earlier row intact, the dataset unchanged, the killed run's files readable. At the
 * end, the next run heals every killed run's row, works, and gets features and metrics identical to
 * a clean run's (so no half-written cache record was used); a damaged cache shard changes nothing.
 *
 * CATS_DOGS_KILLS (default 24) sets the number of kills, CATS_DOGS_KILL_SEED the random schedule.
 */
import { strict as assert } from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { FeatureCache } from '../../../src/engine/features/cache';
import type { FeatureKeySpec } from '../../../src/engine/features/key';
import { hashFile } from '../../../src/engine/net/download';
import { readTable } from '../../../src/shared/node/resultsStore';
import { TEST_PAUSE_ENV, TEST_PAUSED_MARK } from '../../../src/shared/node/testPause';
import type { ResultRow } from '../../../src/shared/results/row';
import { METRICS_HEADER, parseMetricsCsv, type RunSummary } from '../../../src/shared/results/runFolder';
import { testTempDir } from '../../support/photos';
import { seededRandom } from '../../support/random';
import { sharedAvailable } from '../../support/shared';
import { hashTree, makeLab, trainChild, type EngineChild, type Lab } from './lab';

const KILLS = Number(process.env.CATS_DOGS_KILLS ?? 24);
const SEED = Number(process.env.CATS_DOGS_KILL_SEED ?? 20261128);

type Target = 'cache' | 'epoch' | 'save' | 'results' | 'random';

interface Moment {
  target: Target;
  /** What the test waits for before it kills, for the table. */
  how: string;
  /** A pause point (CATS_DOGS_TEST_PAUSE_AT): the engine stops itself there and is killed stopped. */
  pause?: string;
  /** Else: kill `delayMs` after this output appears (or after the start when absent). */
  line?: RegExp;
  delayMs?: number;
}

interface Outcome {
  moment: Moment;
  killed: boolean;
  /** The last phase the output showed before the kill. */
  seen: string;
  runId?: string;
  /** Whether the killed run got as far as its summary.json (then it must end up with a row). */
  hadSummary: boolean;
  /** The killed run's row right after the kill: none, running, or an end when it got that far. */
  rowAfterKill: string;
  /** Its row after the next start settled it. */
  rowSettled?: string;
  leftovers: string[];
}

const rand = seededRandom(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const between = (a: number, b: number) => Math.round(a + rand() * (b - a));

/** The kills: cache moments first (while the cache is still empty), then the others shuffled. */
function schedule(total: number, runMs: number): Moment[] {
  const cache: Array<() => Moment> = [
    () => ({ target: 'cache', how: 'record append', pause: `feature-append@${between(1, 6)}` }),
    () => ({ target: 'cache', how: 'shard seal', pause: 'feature-seal' }),
    () => ({ target: 'cache', how: 'cache progress', line: /^cache\s/m, delayMs: between(0, 150) }),
  ];
  const others: Record<Exclude<Target, 'cache'>, Array<() => Moment>> = {
    epoch: [
      () => ({ target: 'epoch', how: 'Epoch 2 begun', line: /^Epoch 2\//m, delayMs: between(0, 120) }),
      () => ({ target: 'epoch', how: 'Epoch 3 begun', line: /^Epoch 3\//m, delayMs: between(0, 120) }),
    ],
    save: ['weights.bin', 'model.json', 'backbone.json', 'predictions.csv'].map((f) => () => ({ target: 'save' as const, how: `rename ${f}`, pause: `atomic-write:${f}` })),
    results: [
      () => ({ target: 'results', how: 'results.csv rename #1', pause: 'atomic-write:results.csv@1' }),
      () => ({ target: 'results', how: 'results.csv rename #2', pause: 'atomic-write:results.csv@2' }),
      () => ({ target: 'results', how: 'lock held #1', pause: 'results-lock@1' }),
      () => ({ target: 'results', how: 'lock held #2', pause: 'results-lock@2' }),
      () => ({ target: 'results', how: 'summary.json rename #2', pause: 'atomic-write:summary.json@2' }),
    ],
    random: [() => ({ target: 'random', how: 'random delay', delayMs: between(200, Math.round(runMs * 1.1)) })],
  };
  const nCache = Math.max(3, Math.round(total * 0.2));
  const moments: Moment[] = [];
  for (let i = 0; i < nCache; i++) moments.push(cache[i % cache.length]());
  const kinds = Object.keys(others) as Array<Exclude<Target, 'cache'>>;
  const rest: Moment[] = [];
  for (let i = 0; rest.length < total - nCache; i++) {
    const kind = kinds[i % kinds.length];
    const variants = others[kind];
    rest.push(kind === 'results' || kind === 'save' ? variants[Math.floor(i / kinds.length) % variants.length]() : pick(variants)());
  }
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [...moments, ...rest];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The phase the engine's output last showed. */
function lastPhase(output: string): string {
  let phase = 'start-up';
  for (const line of output.split('\n')) {
    if (/^Backbone:/.test(line)) phase = 'backbone';
    else if (/^Run folder:/.test(line)) phase = 'run folder';
    else if (/^cache\s/.test(line)) phase = 'cache';
    else if (/^Features:/.test(line)) phase = 'features done';
    else if (/^Epoch \d/.test(line)) phase = `epoch ${/^Epoch (\d+)/.exec(line)![1]}`;
    else if (/^Test loss/.test(line)) phase = 'test/save';
    else if (line.startsWith(TEST_PAUSED_MARK)) phase = line.split(' ')[1];
  }
  return phase;
}

async function killAt(child: EngineChild, m: Moment): Promise<boolean> {
  if (m.pause) {
    const paused = await child.waitFor(new RegExp(`^${TEST_PAUSED_MARK} `, 'm'), 60_000);
    if (!paused) return false;
  } else if (m.line) {
    if (!(await child.waitFor(m.line, 60_000))) return false;
    await sleep(m.delayMs ?? 0);
  } else await sleep(m.delayMs ?? 0);
  child.kill('SIGKILL');
  const exit = await child.exited;
  return exit.signal === 'SIGKILL';
}

async function listRuns(lab: Lab): Promise<string[]> {
  return (await fs.readdir(join(lab.experimentsDir, 'runs')).catch(() => [] as string[])).sort();
}

async function leftovers(lab: Lab): Promise<string[]> {
  const names = await fs.readdir(lab.experimentsDir);
  return names.filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'));
}

/** The numbers of a run that must not depend on how its features got there (seconds excluded). */
async function runNumbers(runDir: string): Promise<{ epochs: string[]; test: string }> {
  const metrics = parseMetricsCsv(await fs.readFile(join(runDir, 'metrics.csv'), 'utf8'));
  const summary = JSON.parse(await fs.readFile(join(runDir, 'summary.json'), 'utf8')) as RunSummary;
  return { epochs: metrics.map((p) => [p.epoch, p.loss, p.acc, p.valLoss, p.valAcc].join(',')), test: JSON.stringify(summary.test) };
}

/** Every photo's cached features (float16 bits) in a cache folder, by photo hash. */
async function cachedFeatures(cacheDir: string, photos: string[]): Promise<Map<string, Uint16Array>> {
  const cache = new FeatureCache(cacheDir);
  const [model] = (await cache.info()).models;
  assert.ok(model?.spec, `a model key with meta.json in ${cache.dir}`);
  const store = await cache.open(model.spec as FeatureKeySpec);
  const rows = new Map<string, Uint16Array>();
  try {
    for (const photo of photos) {
      const hash = await hashFile(photo, 'sha256');
      const row = await store.readRow(hash);
      if (row) rows.set(hash, Uint16Array.from(row));
    }
  } finally {
    await store.close();
  }
  return rows;
}

async function datasetPhotos(lab: Lab): Promise<string[]> {
  const files: string[] = [];
  for (const split of ['train', 'validation', 'test']) for (const cls of ['cats', 'dogs']) for (const f of await fs.readdir(join(lab.dataDir, split, cls))) files.push(join(lab.dataDir, split, cls, f));
  return files.sort();
}

function rowKey(r: ResultRow): string {
  return JSON.stringify(r);
}

describe('reliability: kill the engine at any moment and lose nothing', function () {
  this.timeout(10 * 60_000);
  let root: string;
  let lab: Lab;
  let clean: Lab;
  let cleanRun: { epochs: string[]; test: string };
  let cleanMs = 3000;
  const outcomes: Outcome[] = [];

  before(async function () {
    if (!sharedAvailable()) this.skip();
    root = testTempDir('cats-dogs-kill-');
    clean = await makeLab(join(root, 'clean'), { cacheDir: join(root, 'cache-clean') });
    lab = await makeLab(join(root, 'killed'), { cacheDir: join(root, 'cache-killed'), datasetFrom: clean.dataDir });
    const started = Date.now();
    const child = trainChild(clean);
    const exit = await child.exited;
    cleanMs = Date.now() - started;
    assert.equal(exit.code, 0, child.output);
    const [runId] = await listRuns(clean);
    cleanRun = await runNumbers(join(clean.experimentsDir, 'runs', runId));
  });

  it(`survives ${KILLS} kills: the table stays valid with every earlier row, the dataset untouched`, async () => {
    const datasetHash = await hashTree(lab.dataDir);
    const moments = schedule(KILLS, cleanMs);
    for (let i = 0; i < moments.length; i++) {
      const moment = moments[i];
      const tableBefore = await readTable(lab.experimentsDir);
      const runsBefore = new Set(await listRuns(lab));
      const child = trainChild(lab, moment.pause ? { [TEST_PAUSE_ENV]: moment.pause } : {});
      const killed = await killAt(child, moment);
      if (!killed) child.kill('SIGKILL');
      await child.exited;
      const seen = lastPhase(child.output);
      const runId = (await listRuns(lab)).find((r) => !runsBefore.has(r));

      // The table: whole, every earlier row as it was (a 'running' one may have been settled by this start).
      const table = await readTable(lab.experimentsDir);
      const where = `kill at ${moment.how} (${seen})`;
      assert.deepEqual(table.problems, [], `${where}: results.csv is valid`);
      for (const row of tableBefore.rows) {
        const now = table.rows.find((r) => r.runId === row.runId);
        assert.ok(now, `${where}: the row of ${row.runId} is still there`);
        if (row.status === 'running') assert.ok(['running', 'failed', 'completed', 'cancelled'].includes(now.status), `${where}: ${row.runId} is ${now.status}`);
        else assert.equal(rowKey(now), rowKey(row), `${where}: the row of ${row.runId} is unchanged`);
      }
      assert.equal(await hashTree(lab.dataDir), datasetHash, `${where}: the dataset is untouched`);
      // The killed run's own files read back: summary.json is JSON, metrics.csv lines all parse.
      const hadSummary = runId !== undefined && existsSync(join(lab.experimentsDir, 'runs', runId, 'summary.json'));
      if (runId) {
        const dir = join(lab.experimentsDir, 'runs', runId);
        if (existsSync(join(dir, 'summary.json'))) JSON.parse(await fs.readFile(join(dir, 'summary.json'), 'utf8'));
        if (existsSync(join(dir, 'metrics.csv'))) {
          const text = await fs.readFile(join(dir, 'metrics.csv'), 'utf8');
          const lines = text.split('\n').filter(Boolean);
          // A kill between creating the file and its one write() leaves it empty: nothing was lost.
          if (lines.length > 0) assert.equal(lines[0], METRICS_HEADER, `${where}: metrics.csv starts with its header`);
          assert.equal(parseMetricsCsv(text).length, Math.max(0, lines.length - 1), `${where}: every metrics.csv line parses`);
        }
      }
      outcomes.push({ moment, killed, seen, runId, hadSummary, rowAfterKill: table.rows.find((r) => r.runId === runId)?.status ?? 'none', leftovers: await leftovers(lab) });
      // A kill that came too late (the run had ended) is made up for by another random one.
      if (!killed && moments.length < KILLS * 2) moments.push({ target: 'random', how: 'random delay', delayMs: between(200, Math.round(cleanMs * 0.8)) });
    }
    assert.ok(outcomes.filter((o) => o.killed).length >= KILLS, 'every planned kill landed');
  });

  it('the next run settles every killed run, works, and gets features and numbers identical to a clean run', async () => {
    const child = trainChild(lab);
    const exit = await child.exited;
    assert.equal(exit.code, 0, child.output);
    const table = await readTable(lab.experimentsDir);
    assert.deepEqual(table.problems, []);
    assert.deepEqual(table.rows.filter((r) => r.status === 'running').map((r) => r.runId), [], 'no run is left "running"');
    for (const o of outcomes) {
      const row = table.rows.find((r) => r.runId === o.runId);
      o.rowSettled = row?.status ?? 'none';
      assert.ok(row || !o.hadSummary, `${o.runId}, killed at ${o.moment.how}, has a row`);
      if (!row) continue;
      const summary = JSON.parse(await fs.readFile(join(lab.experimentsDir, 'runs', row.runId, 'summary.json'), 'utf8')) as RunSummary;
      assert.equal(summary.status, row.status, `${row.runId}: summary.json and the row agree`);
      if (row.status === 'completed') assert.ok(existsSync(join(lab.experimentsDir, 'runs', row.runId, 'model/head/model.json')), `${row.runId} completed with its model`);
      else assert.ok(['failed', 'cancelled'].includes(row.status), `${row.runId} is ${row.status}`);
    }
    assert.deepEqual(await leftovers(lab), [], 'no lock or temporary file is left in experiments/');

    const finalRunId = (await listRuns(lab)).at(-1)!;
    assert.deepEqual(await runNumbers(join(lab.experimentsDir, 'runs', finalRunId)), cleanRun, 'the same epochs and test result as a clean run');
    const photos = await datasetPhotos(lab);
    const killedFeatures = await cachedFeatures(lab.cacheDir, photos);
    const cleanFeatures = await cachedFeatures(clean.cacheDir, photos);
    assert.equal(killedFeatures.size, photos.length, 'every photo has features');
    for (const [hash, row] of cleanFeatures) assert.deepEqual(killedFeatures.get(hash), row, `features of ${hash.slice(0, 12)} equal the clean run's`);
    const modelDir = (await new FeatureCache(lab.cacheDir).info()).models[0];
    assert.equal(modelDir.tempFiles, 0, 'shards left by killed runs were removed');
  });

  it('a sealed cache shard damaged on disk (a flipped byte, a truncation) is never used', async () => {
    const info = (await new FeatureCache(lab.cacheDir).info()).models[0];
    const shards = (await fs.readdir(info.dir)).filter((n) => n.endsWith('.bin'));
    assert.ok(shards.length > 0);
    // A flipped byte inside the first record's features: that record fails its crc32 and is recomputed.
    const first = join(info.dir, shards[0]);
    const bytes = await fs.readFile(first);
    bytes[64 + 40] ^= 0xff;
    await fs.writeFile(first, bytes);
    for (const damage of ['flipped byte', 'truncated shard']) {
      if (damage === 'truncated shard') {
        for (const s of (await fs.readdir(info.dir)).filter((n) => n.endsWith('.bin'))) await fs.truncate(join(info.dir, s), Math.floor((await fs.stat(join(info.dir, s))).size / 2));
      }
      const child = trainChild(lab);
      assert.equal((await child.exited).code, 0, child.output);
      assert.match(child.output, /Features: \d+ from the cache, [1-9]\d* computed/, `${damage}: damaged features were recomputed`);
      const runId = (await listRuns(lab)).at(-1)!;
      assert.deepEqual(await runNumbers(join(lab.experimentsDir, 'runs', runId)), cleanRun, `${damage}: the same numbers as a clean run`);
      outcomes.push({ moment: { target: 'cache', how: damage }, killed: false, seen: 'next run', runId, hadSummary: true, rowAfterKill: 'completed', rowSettled: 'completed', leftovers: [] });
    }
  });

  after(() => {
    if (outcomes.length === 0) return;
    const lines = ['', `Kill table (seed ${SEED}; clean run ${(cleanMs / 1000).toFixed(1)} s):`, '  #  target   moment                      killed  output showed               row after kill  settled as  leftovers'];
    outcomes.forEach((o, i) =>
      lines.push(
        `${String(i + 1).padStart(3)}  ${o.moment.target.padEnd(7)}  ${`${o.moment.how}${o.moment.delayMs !== undefined ? ` +${o.moment.delayMs}ms` : ''}`.padEnd(26)}  ${(o.killed ? 'yes' : 'no').padEnd(6)}  ${o.seen.padEnd(26)}  ${o.rowAfterKill.padEnd(14)}  ${(o.rowSettled ?? '').padEnd(10)}  ${o.leftovers.join(' ')}`,
      ),
    );
    const byTarget = new Map<string, number>();
    for (const o of outcomes.filter((x) => x.killed)) byTarget.set(o.moment.target, (byTarget.get(o.moment.target) ?? 0) + 1);
    lines.push(`Kills per target: ${[...byTarget].map(([t, n]) => `${t} ${n}`).join(', ')}; total ${outcomes.filter((o) => o.killed).length}. Lost: nothing (every check above passed).`);
    console.log(lines.join('\n'));
  });
});
