import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleTemps } from '../../../src/shared/node/atomicWrite';
import { processAlive } from '../../../src/shared/node/fileLock';
import { INTERRUPTED_MESSAGE, recordInterruptedRuns } from '../../../src/shared/node/interruptedRuns';
import { appendRow, readTable } from '../../../src/shared/node/resultsStore';
import { writeRunOwner } from '../../../src/shared/node/runOwner';
import { TEST_PAUSE_ENV, TEST_PAUSED_MARK } from '../../../src/shared/node/testPause';
import type { RunSummary } from '../../../src/shared/results/runFolder';
import { sampleRow } from '../../support/resultRow';

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function summaryOf(runId: string, status: RunSummary['status']): RunSummary {
  return {
    runId,
    name: 'tiny',
    status,
    startedAt: '2026-11-27T10:00:00.000Z',
    configPath: '/w/experiments/tiny.json',
    config: {
      name: 'tiny',
      data: '../cats_vs_dogs',
      backbone: { architecture: 'MobileNet', alpha: 0.25, weights: null, inputSize: [64, 64], preprocessing: 'tf', trainable: false },
      head: { pooling: 'gap', layers: [] },
      training: { optimizer: 'adam', learningRate: 0.001, batchSize: 8, epochs: 3, seed: 1 },
    },
    backend: { name: 'wasm', device: 'cpu' } as RunSummary['backend'],
    images: { train: 10, validation: 2, test: 2 },
    skipped: 0,
    params: { backbone: 1, trainable: 0, head: 1 },
    epochs: [{ epoch: 1, phase: 'train', loss: 0.5, acc: 0.8, valLoss: 0.4, valAcc: 0.9, seconds: 2 }],
    timings: { totalSeconds: 3, trainSeconds: 2 },
    versions: { engine: 'x', tfjs: 'x', node: 'x' },
    seed: 1,
    ...(status === 'completed' ? { test: { loss: 0.3, acc: 0.875, confusion: [[1, 0], [0, 1]] as any } } : {}),
  };
}

describe('interrupted runs are settled by whoever starts next', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cats-dogs-interrupted-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function deadRun(runId: string, status: RunSummary['status']): Promise<string> {
    const runDir = join(dir, 'runs', runId);
    await writeRunOwner(runDir, deadPid());
    writeFileSync(join(runDir, 'summary.json'), JSON.stringify(summaryOf(runId, status)));
    await appendRow(dir, sampleRow({ runId, status: 'running', testAcc: undefined, testLoss: undefined, epochsRun: 0 }));
    return runDir;
  }

  it('marks a run killed mid-way failed, in the table and in its summary.json, and forgets its owner', async () => {
    const runDir = await deadRun('killed', 'running');
    const settled = await recordInterruptedRuns(dir);
    assert.deepEqual(settled.map((r) => `${r.runId}:${r.status}`), ['killed:failed']);
    const row = (await readTable(dir)).rows[0];
    assert.equal(row.status, 'failed');
    assert.equal(row.epochsRun, 1, 'the epochs it did are counted');
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as RunSummary;
    assert.equal(summary.status, 'failed');
    assert.equal(summary.error?.message, INTERRUPTED_MESSAGE);
    assert.equal(existsSync(join(runDir, '.owner.json')), false);
    assert.deepEqual(await recordInterruptedRuns(dir), [], 'nothing left to settle');
  });

  it('records a run killed after its summary but before its row with the end its summary holds', async () => {
    await deadRun('almost', 'completed');
    await recordInterruptedRuns(dir);
    const row = (await readTable(dir)).rows[0];
    assert.equal(row.status, 'completed');
    assert.equal(row.testAcc, 0.875);
    assert.equal(row.runDir, sampleRow().runDir, 'the paths of the row are kept');
  });

  it('records a run killed before its first row (found by its owner file) as failed, with workspace-relative paths', async () => {
    const runDir = join(dir, 'runs', 'rowless');
    await writeRunOwner(runDir, deadPid());
    writeFileSync(join(runDir, 'summary.json'), JSON.stringify({ ...summaryOf('rowless', 'running'), configPath: join(dir, 'tiny.json') }));
    await writeRunOwner(join(dir, 'runs', 'no-summary'), deadPid());
    await writeRunOwner(join(dir, 'runs', 'live'));
    writeFileSync(join(dir, 'runs', 'live', 'summary.json'), JSON.stringify(summaryOf('live', 'running')));
    const settled = await recordInterruptedRuns(dir, join(dir, '..'));
    assert.deepEqual(settled.map((r) => `${r.runId}:${r.status}`), ['rowless:failed']);
    const [row] = (await readTable(dir)).rows;
    assert.equal(row.runId, 'rowless');
    const base = dir.split('/').at(-1);
    assert.equal(row.runDir, `${base}/runs/rowless`);
    assert.equal(row.config, `${base}/tiny.json`);
    assert.equal(existsSync(join(dir, 'runs', 'no-summary', '.owner.json')), false, 'a run that died before its summary is only tidied');
    assert.equal(existsSync(join(dir, 'runs', 'live', '.owner.json')), true, 'a live run is left alone');
  });

  it('a settler killed before it writes the row of a rowless run leaves it for the next one', async function () {
    this.timeout(30_000);
    const runDir = join(dir, 'runs', 'rowless');
    await writeRunOwner(runDir, deadPid());
    writeFileSync(join(runDir, 'summary.json'), JSON.stringify({ ...summaryOf('rowless', 'running'), configPath: join(dir, 'tiny.json') }));
    // The settler stops as it takes the results lock to write the row (summary.json already says
    // failed), and is killed there.
    const module = join(__dirname, '../../../src/shared/node/interruptedRuns.ts');
    const settler = spawn(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(module)}).recordInterruptedRuns(${JSON.stringify(dir)})`], {
      env: { ...process.env, [TEST_PAUSE_ENV]: 'results-lock@1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      settler.stderr!.on('data', (d) => {
        stderr += d;
        if (stderr.includes(TEST_PAUSED_MARK)) resolve();
      });
      settler.on('exit', () => reject(new Error(`the settler ended without pausing: ${stderr}`)));
    });
    settler.kill('SIGKILL');
    await new Promise((resolve) => settler.once('exit', resolve));
    assert.equal((await readTable(dir)).rows.length, 0, 'killed before the row');

    const settled = await recordInterruptedRuns(dir);
    assert.deepEqual(settled.map((r) => `${r.runId}:${r.status}`), ['rowless:failed']);
    assert.equal(existsSync(join(runDir, '.owner.json')), false, 'forgotten once the row is written');
  });

  it('leaves live runs alone and never follows a hand-edited run id out of the runs folder', async () => {
    await writeRunOwner(join(dir, 'runs', 'alive'));
    await appendRow(dir, sampleRow({ runId: 'alive', status: 'running' }));
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'summary.json'), JSON.stringify(summaryOf('../outside', 'running')));
    await appendRow(dir, sampleRow({ runId: '../outside', status: 'running' }));
    const settled = await recordInterruptedRuns(dir);
    assert.deepEqual(settled.map((r) => `${r.runId}:${r.status}`), ['../outside:failed']);
    assert.equal(JSON.parse(readFileSync(join(dir, 'outside', 'summary.json'), 'utf8')).status, 'running', 'nothing written outside runs/');
    assert.equal((await readTable(dir)).rows.find((r) => r.runId === 'alive')?.status, 'running');
  });

  it("tidies temporary files of writers killed before their rename, never a live process's", async () => {
    const table = join(dir, 'results.csv');
    const dead = deadPid();
    writeFileSync(join(dir, `.results.csv.${dead}.0badf00d.tmp`), 'half');
    writeFileSync(join(dir, `.results.csv.${process.pid}.0badf00d.tmp`), 'mine');
    writeFileSync(join(dir, '.results.csv.notes.tmp'), 'not ours');
    assert.equal(await removeStaleTemps(table, processAlive), 1);
    assert.deepEqual(readdirSync(dir).sort(), ['.results.csv.notes.tmp', `.results.csv.${process.pid}.0badf00d.tmp`].sort());
  });
});
