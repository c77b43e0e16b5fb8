/**
 * Feed it garbage: a matrix of bad inputs, each driven through the real `cats-dogs train` (the CLI
 * in this process; the non-ASCII paths case as a child process, real argv) on a fresh copy of a tiny
 * real lab. Each must end with a clear message, and nothing may be lost: an earlier row of
 * results.csv stays as it was and the dataset is unchanged (beyond the damage the case made).
 * Prints the matrix as a markdown table.
 */
import { strict as assert } from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/engine/cli/cli';
import { PENDING_FILE, RESULTS_FILE, appendRow, readTable } from '../../../src/shared/node/resultsStore';
import type { RunSummary } from '../../../src/shared/results/runFolder';
import { startFileServer, type TestServer } from '../../support/httpServer';
import { testTempDir } from '../../support/photos';
import { sampleRow } from '../../support/resultRow';
import { MOBILENET_025_H5, MOBILENET_025_JSON, sharedAvailable } from '../../support/shared';
import { EngineChild, hashTree, makeLab, tinyConfig, type Lab } from './lab';

interface Result {
  code: number | null;
  out: string;
}

interface Case {
  group: string;
  input: string;
  /** Damages the fresh lab; may name another config or lab folder. */
  setup?(lab: Lab): Promise<void>;
  config?: Record<string, unknown>;
  /** Lab folder and config file names (default: a plain ASCII lab, tiny.json). */
  folder?: string;
  configName?: string;
  /** Runs `cats-dogs train` as a child process instead of in this process. */
  child?: boolean;
  code: number;
  message: RegExp;
  /** What else must hold afterwards. */
  check?(lab: Lab, r: Result): Promise<void>;
  /** The damaged results.csv case: the table must stay byte for byte as the user left it. */
  tableUntouched?: boolean;
}

const EARLIER = sampleRow({ runId: '2026-01-01_10-00-00_earlier', name: 'earlier' });

const withTraining = (over: Record<string, unknown>) => tinyConfig('tiny', { training: { optimizer: 'adam', learningRate: 0.001, batchSize: 8, epochs: 2, seed: 7, ...over } });
const withBackbone = (over: Record<string, unknown>) => {
  const base = tinyConfig('tiny', { training: { optimizer: 'adam', learningRate: 0.001, batchSize: 8, epochs: 2, seed: 7 } });
  return { ...base, backbone: { ...(base.backbone as object), ...over } };
};
const QUICK = withTraining({});

async function firstPhoto(lab: Lab, split: string, cls: string): Promise<string> {
  const dir = join(lab.dataDir, split, cls);
  return join(dir, (await fs.readdir(dir)).sort()[0]);
}

async function runOf(lab: Lab): Promise<RunSummary | undefined> {
  const runs = await fs.readdir(join(lab.experimentsDir, 'runs')).catch(() => [] as string[]);
  if (runs.length === 0) return undefined;
  return JSON.parse(await fs.readFile(join(lab.experimentsDir, 'runs', runs.sort().at(-1)!, 'summary.json'), 'utf8')) as RunSummary;
}

/** Ran once, failed, recorded: no retry. */
async function oneFailedRun(lab: Lab): Promise<void> {
  assert.equal((await fs.readdir(join(lab.experimentsDir, 'runs'))).length, 1, 'one run, not retried');
  assert.equal((await runOf(lab))?.status, 'failed');
}

let server: TestServer | undefined;
const serverUrl = () => server!.url;

const CASES: Case[] = [
  // The dataset
  {
    group: 'dataset',
    input: 'truncated JPEG in train/cats',
    setup: async (lab) => {
      const photo = await fs.readFile(await firstPhoto(lab, 'train', 'cats'));
      await fs.writeFile(join(lab.dataDir, 'train/cats/truncated.jpg'), photo.subarray(0, Math.floor(photo.length / 3)));
    },
    config: QUICK,
    code: 0,
    message: /Skipped 1 unreadable photo:\n\s+\S*truncated\.jpg: /,
    check: async (lab) => assert.equal((await runOf(lab))?.skipped, 1),
  },
  {
    group: 'dataset',
    input: 'text file named dog.jpg in train/dogs, empty photo in validation/cats',
    setup: async (lab) => {
      await fs.writeFile(join(lab.dataDir, 'train/dogs/not-a-photo.jpg'), 'this is not a photo\n');
      await fs.writeFile(join(lab.dataDir, 'validation/cats/empty.jpg'), '');
    },
    config: QUICK,
    code: 0,
    message: /Skipped 2 unreadable photos:\n(\s+\S*(not-a-photo|empty)\.jpg: .+\n){2}/,
    check: async (lab) => assert.equal((await runOf(lab))?.skipped, 2),
  },
  {
    group: 'dataset',
    input: 'empty class folder (train/dogs)',
    setup: async (lab) => {
      for (const f of await fs.readdir(join(lab.dataDir, 'train/dogs'))) await fs.rm(join(lab.dataDir, 'train/dogs', f));
    },
    config: QUICK,
    code: 1,
    message: /No dog photos in \S*train.dogs: the train split needs both classes/,
  },
  {
    group: 'dataset',
    input: 'missing class folder (validation/cats)',
    setup: (lab) => fs.rm(join(lab.dataDir, 'validation/cats'), { recursive: true }),
    config: QUICK,
    code: 1,
    message: /has no validation\/cats\/ folder/,
  },
  {
    group: 'dataset',
    input: 'dataset folder missing ("data": "../nowhere")',
    config: { ...QUICK, data: '../nowhere' },
    code: 1,
    message: /The dataset folder \S*nowhere does not exist/,
  },
  {
    group: 'dataset',
    input: 'damaged manifest (dataset.json is not JSON)',
    setup: (lab) => fs.writeFile(join(lab.dataDir, 'dataset.json'), '{"version": 1, "splits": [tru'),
    config: QUICK,
    code: 0,
    message: /Warning: The dataset manifest could not be read .*; the run goes on without it/,
  },
  // The config
  {
    group: 'config',
    input: 'wrong type: "epochs": "ten"',
    config: withTraining({ epochs: 'ten' }),
    code: 1,
    message: /tiny\.json:\d+:\d+: training\.epochs: .*must be .*integer/,
  },
  {
    group: 'config',
    input: 'unknown backbone "VGG17"',
    config: withBackbone({ architecture: 'VGG17' }),
    code: 1,
    message: /tiny\.json:\d+:\d+: backbone\.architecture: .*VGG16/,
  },
  {
    group: 'config',
    input: 'negative learning rate',
    config: withTraining({ learningRate: -0.001 }),
    code: 1,
    message: /tiny\.json:\d+:\d+: training\.learningRate: /,
  },
  {
    group: 'config',
    input: 'dropout 1.5',
    config: { ...QUICK, head: { pooling: 'gap', layers: [{ units: 16, activation: 'relu', dropout: 1.5 }] } },
    code: 1,
    message: /head\.layers\[0\]\.dropout: /,
  },
  {
    group: 'config',
    input: 'misspelt section "trainig"',
    config: { ...QUICK, trainig: { epochs: 5 } },
    code: 1,
    message: /trainig/,
  },
  {
    group: 'config',
    input: 'not JSON (a missing comma)',
    setup: (lab) => fs.writeFile(lab.configPath, '{\n  "name": "tiny"\n  "data": "../cats_vs_dogs"\n}\n'),
    code: 1,
    message: /tiny\.json:3:\d+: JSON syntax error: a comma is missing/,
  },
  {
    group: 'config',
    input: 'unknown outputLayer "conv_pw_99_relu"',
    config: withBackbone({ outputLayer: 'conv_pw_99_relu' }),
    code: 1,
    message: /has no layer "conv_pw_99_relu"\.\n\s+Layers with similar names: .*conv_pw_/,
  },
  // Weights
  {
    group: 'weights',
    input: 'weightsMd5 that does not match',
    config: withBackbone({ weightsMd5: '0'.repeat(32) }),
    code: 1,
    message: /has MD5 [0-9a-f]{32}, but backbone\.weightsMd5 expects 0{32}/,
  },
  {
    group: 'weights',
    input: 'model.json with a truncated weight shard',
    setup: async (lab) => {
      const dir = join(lab.workspace, 'mobilenet');
      await fs.cp(join(MOBILENET_025_JSON, '..'), dir, { recursive: true });
      const shard = join(dir, 'group1-shard1of1');
      await fs.truncate(shard, Math.floor((await fs.stat(shard)).size / 2));
    },
    config: withBackbone({ weights: '../mobilenet/model.json' }),
    code: 1,
    message: /The weight shards of \S*model\.json are truncated: \d+ of \d+ bytes\.\n\s+A download or copy was cut short/,
  },
  {
    group: 'weights',
    input: 'truncated Keras .h5',
    setup: async (lab) => {
      const h5 = await fs.readFile(MOBILENET_025_H5);
      await fs.writeFile(join(lab.workspace, 'mobilenet.h5'), h5.subarray(0, Math.floor(h5.length / 2)));
    },
    config: withBackbone({ weights: '../mobilenet.h5', outputLayer: undefined }),
    code: 1,
    message: /mobilenet\.h5.*(truncated|incomplete|damaged|cut)/i,
  },
  {
    group: 'weights',
    input: 'unreachable weights URL',
    config: withBackbone({ weights: 'https://127.0.0.1:9/mobilenet.h5', outputLayer: undefined }),
    code: 1,
    message: /Could not reach 127\.0\.0\.1:9: .*\n\s+Check the network connection/,
  },
  {
    group: 'weights',
    input: 'weights URL over plain http',
    config: withBackbone({ weights: 'http://example.com/mobilenet.h5', outputLayer: undefined }),
    code: 1,
    message: /Refusing to download over http: http:\/\/example\.com\/mobilenet\.h5\n\s+Use an https:\/\/ address/,
  },
  {
    group: 'weights',
    input: 'weights URL redirecting to another host',
    config: withBackbone({ weights: '@SERVER@/redirect.h5', outputLayer: undefined }),
    code: 1,
    message: /Downloads from evil\.example are not allowed/,
  },
  {
    group: 'weights',
    input: 'model.json URL whose download does not match weightsMd5',
    config: withBackbone({ weights: '@SERVER@/mobilenet/model.json', weightsMd5: 'f'.repeat(32) }),
    code: 1,
    message: /The file from \S+\/mobilenet\/model\.json has md5 [0-9a-f]{32}, expected f{32}\.\n\s+The download is damaged or the file has changed upstream; it was deleted/,
  },
  {
    group: 'weights',
    input: 'model.json URL naming a shard on another host',
    config: withBackbone({ weights: '@SERVER@/hostile/model.json' }),
    code: 1,
    message: /names an unsafe weight path "https:\/\/evil\.example\/shard\.bin"/,
  },
  // Memory
  {
    group: 'memory',
    input: 'Flatten head of 1e9 weights (inputSize 1024, Dense 4096) on wasm',
    config: { ...withBackbone({ inputSize: 1024 }), head: { pooling: 'flatten', layers: [{ units: 4096, activation: 'relu', dropout: 0.5 }] } },
    code: 1,
    message: /Error: This experiment needs at least 17\.2 GB to train, more than the wasm backend's 4 GiB: .*\n\s+Use a smaller training\.batchSize or backbone\.inputSize .*Nothing was retried/,
    check: oneFailedRun,
  },
  {
    group: 'memory',
    input: 'batchSize 4096 of 1024 px Flatten features on wasm',
    config: { ...withBackbone({ inputSize: 1024 }), head: { pooling: 'flatten', layers: [{ units: 16, activation: 'relu', dropout: 0 }] }, training: { optimizer: 'adam', learningRate: 0.001, batchSize: 4096, epochs: 2, seed: 7 } },
    code: 1,
    message: /more than the wasm backend's 4 GiB: a batch of 4096 photos holds 262,144 feature values each/,
    check: oneFailedRun,
  },
  // The results table
  {
    group: 'results',
    input: 'hand-edited results.csv (a broken line)',
    setup: async (lab) => {
      const path = join(lab.experimentsDir, RESULTS_FILE);
      await fs.writeFile(path, (await fs.readFile(path, 'utf8')) + 'my note,"unclosed\n');
    },
    config: QUICK,
    code: 0,
    message: /results\.csv has problems, so it was left untouched \(line 3: .*\)\. Fix or delete those lines; run \S+ was saved in results\.pending\.csv and joins the table at the next write/,
    tableUntouched: true,
    check: async (lab) => {
      const table = await readTable(lab.experimentsDir);
      assert.equal(table.pendingRows.length, 1, 'the run waits in results.pending.csv');
      assert.equal(table.pendingRows[0].status, 'completed');
      assert.ok(existsSync(join(lab.experimentsDir, PENDING_FILE)));
    },
  },
  // Paths
  {
    group: 'paths',
    input: 'workspace "Лаб работа/эксперименты", config "базовый.json", run "базовый опыт"',
    folder: join('Лаб работа', 'эксперименты'),
    configName: 'базовый.json',
    config: { ...QUICK, name: 'базовый опыт' },
    child: true,
    code: 0,
    message: /Test accuracy: \d+\.\d+%/,
    check: async (lab) => {
      const row = (await readTable(lab.experimentsDir)).rows.find((r) => r.name === 'базовый опыт');
      assert.ok(row, 'the row has the Cyrillic name');
      assert.equal(row.status, 'completed');
      assert.match(row.runId, /_базовый-опыт$/);
      assert.equal(row.config, 'experiments/базовый.json');
      assert.ok(existsSync(join(lab.experimentsDir, 'runs', row.runId, 'model/head/model.json')));
    },
  },
];

interface Line {
  c: Case;
  result: Result;
  outcome: string;
  lost: string;
}

/** The output line where the expected message starts (temporary folders shortened), for the table. */
function messageLine(c: Case, out: string): string {
  const m = c.message.exec(out);
  const at = m ? m.index : Math.max(0, out.trimEnd().lastIndexOf('\n'));
  const start = out.lastIndexOf('\n', at) + 1;
  const end = out.indexOf('\n', at);
  return out
    .slice(start, end < 0 ? undefined : end)
    .replace(/\/tmp\/[^\s:"]*?\/(?=[^/\s:"]+([\s:"]|$))/g, '…/')
    .trim()
    .slice(0, 160);
}

describe('reliability: bad inputs end with a clear message and lose nothing', function () {
  this.timeout(10 * 60_000);
  let root: string;
  let dataset: string;
  const lines: Line[] = [];

  before(async function () {
    if (!sharedAvailable()) this.skip();
    root = testTempDir('cats-dogs-bad-');
    dataset = (await makeLab(join(root, 'base'))).dataDir;
    await fs.mkdir(join(root, 'served', 'hostile'), { recursive: true });
    await fs.cp(join(MOBILENET_025_JSON, '..'), join(root, 'served', 'mobilenet'), { recursive: true });
    await fs.writeFile(join(root, 'served', 'hostile', 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['https://evil.example/shard.bin'], weights: [] }] }));
    server = await startFileServer(join(root, 'served'), { routes: { '/redirect.h5': (_q, res) => res.writeHead(302, { Location: 'https://evil.example/mobilenet.h5' }).end() } });
  });

  after(async () => {
    await server?.close();
    if (lines.length === 0) return;
    const table = ['', '| Bad input | Exit | Outcome | Message (first line) | Lost |', '|---|---|---|---|---|'];
    for (const l of lines) table.push(`| ${l.c.group}: ${l.c.input} | ${l.result.code} | ${l.outcome} | ${messageLine(l.c, l.result.out).replace(/\|/g, '\\|')} | ${l.lost} |`);
    console.log(table.join('\n'));
  });

  for (const c of CASES) {
    it(`${c.group}: ${c.input}`, async () => {
      const slug = c.input.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      const workspace = join(root, slug, c.folder ?? 'lab');
      const config = JSON.parse(JSON.stringify(c.config ?? QUICK).replace(/@SERVER@/g, serverUrl()));
      const lab = await makeLab(workspace, { datasetFrom: dataset, cacheDir: join(root, 'cache'), config, configName: c.configName });
      await appendRow(lab.experimentsDir, EARLIER);
      await c.setup?.(lab);
      const datasetHash = existsSync(lab.dataDir) ? await hashTree(lab.dataDir) : '';
      const tableBefore = await fs.readFile(join(lab.experimentsDir, RESULTS_FILE));

      const args = ['train', '--config', lab.configPath, '--cache', lab.cacheDir, '--backend', 'wasm'];
      let result: Result;
      if (c.child) {
        const child = new EngineChild(args, { cwd: lab.workspace });
        result = { code: (await child.exited).code, out: child.output };
      } else {
        let out = '';
        const write = (s: string) => ((out += s), true);
        const code = await runCli(args, { stdout: { write }, stderr: { write }, signal: new AbortController().signal } as any);
        result = { code, out };
      }

      assert.match(result.out, c.message, result.out);
      assert.equal(result.code, c.code, result.out);
      // Nothing lost: the dataset as it was, the earlier row as it was (or the damaged table untouched).
      if (datasetHash) assert.equal(await hashTree(lab.dataDir), datasetHash, 'the dataset is unchanged');
      if (c.tableUntouched) assert.deepEqual(await fs.readFile(join(lab.experimentsDir, RESULTS_FILE)), tableBefore, 'the damaged table is left as it was');
      else {
        const table = await readTable(lab.experimentsDir);
        assert.deepEqual(table.problems, []);
        assert.deepEqual(table.rows.find((r) => r.runId === EARLIER.runId), EARLIER, 'the earlier row is intact');
      }
      await c.check?.(lab, result);
      const run = await runOf(lab);
      if (run) {
        const row = [...(await readTable(lab.experimentsDir)).rows, ...(await readTable(lab.experimentsDir)).pendingRows].find((r) => r.runId === run.runId);
        assert.equal(row?.status, run.status, 'the run has a row with its end');
        if (run.status === 'failed') assert.ok(run.error?.message, 'a failed run records why');
      }
      lines.push({ c, result, outcome: run ? `run ${run.status}` : 'refused, no run', lost: 'nothing' });
    });
  }
});
