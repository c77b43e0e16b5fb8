/**
 * Stopping a run on purpose leaves a cancelled run, never a broken one: Ctrl+C on `cats-dogs train`,
 * and the window going away (the extension host killed) under an engine child mid-run.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../../../src/shared/node/fileLock';
import { readTable } from '../../../src/shared/node/resultsStore';
import { METRICS_HEADER, parseMetricsCsv, type RunSummary } from '../../../src/shared/results/runFolder';
import { ensureEngineBundle } from '../../support/engineBundle';
import { testTempDir } from '../../support/photos';
import { sharedAvailable } from '../../support/shared';
import { makeLab, tinyConfig, trainChild, type Lab } from './lab';

const longRun = (name: string) => tinyConfig(name, { training: { optimizer: 'adam', learningRate: 0.001, batchSize: 8, epochs: 200, seed: 7 } });

async function onlyRun(lab: Lab): Promise<{ runId: string; dir: string; summary: RunSummary; metricsText: string }> {
  const [runId] = await fs.readdir(join(lab.experimentsDir, 'runs'));
  const dir = join(lab.experimentsDir, 'runs', runId);
  const summary = JSON.parse(await fs.readFile(join(dir, 'summary.json'), 'utf8')) as RunSummary;
  return { runId, dir, summary, metricsText: await fs.readFile(join(dir, 'metrics.csv'), 'utf8') };
}

function assertMetricsIntact(text: string, epochs: number): void {
  const lines = text.split('\n').filter(Boolean);
  assert.equal(lines[0], METRICS_HEADER);
  assert.equal(lines.length - 1, epochs, 'one metrics.csv line per recorded epoch');
  assert.equal(parseMetricsCsv(text).length, epochs, 'every line parses');
}

describe('reliability: cancelling a run', function () {
  this.timeout(5 * 60_000);
  let root: string;
  let dataset: string;

  before(async function () {
    if (!sharedAvailable()) this.skip();
    root = testTempDir('cats-dogs-cancel-');
    dataset = (await makeLab(join(root, 'first'))).dataDir;
  });

  it('Ctrl+C on cats-dogs train stops mid-epoch: exit 130, a cancelled row and summary, metrics.csv intact', async () => {
    const lab = await makeLab(join(root, 'sigint'), { datasetFrom: dataset, config: longRun('sigint'), cacheDir: join(root, 'cache') });
    const child = trainChild(lab);
    const seen = await child.waitFor(/^Epoch 3\//m);
    assert.ok(seen, child.output);
    // Stopped, so that no epoch can end between reading the output and the interrupt.
    child.child.kill('SIGSTOP');
    const printed = (child.output.match(/val_acc: /g) ?? []).length;
    child.child.kill('SIGINT');
    child.child.kill('SIGCONT');
    const exit = await child.exited;
    assert.equal(exit.code, 130, child.output);
    assert.match(child.output, /Stopping\.\.\./);
    const run = await onlyRun(lab);
    assert.equal(run.summary.status, 'cancelled');
    // The epoch under way when Ctrl+C came is not finished: it stopped at a batch boundary, not at the epoch's end.
    assert.equal(run.summary.epochs.length, printed, `epochs recorded ${run.summary.epochs.length}, printed before Ctrl+C ${printed}`);
    assertMetricsIntact(run.metricsText, printed);
    const row = (await readTable(lab.experimentsDir)).rows.find((r) => r.runId === run.runId);
    assert.equal(row?.status, 'cancelled');
    assert.equal(row?.epochsRun, printed);
    assert.equal(existsSync(join(run.dir, '.owner.json')), false, 'the run let go of its owner file');
  });

  it('the host (window) killed mid-run: the engine records a cancelled run and exits within seconds, no orphan', async () => {
    const lab = await makeLab(join(root, 'orphan'), { datasetFrom: dataset, config: longRun('orphan'), cacheDir: join(root, 'cache') });
    const job = { kind: 'train', configPath: lab.configPath, config: longRun('orphan'), experimentsDir: lab.experimentsDir, cacheDir: lab.cacheDir, backend: 'wasm' };
    const parent = spawn(process.execPath, [join(__dirname, 'engineParent.cjs'), ensureEngineBundle(), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const epoch2 = new Promise<void>((resolve, reject) => {
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/event epoch 2/.test(out)) resolve();
      });
      parent.on('exit', () => reject(new Error(`the parent ended first: ${out}`)));
    });
    await epoch2;
    const enginePid = Number(/pid (\d+)/.exec(out)![1]);
    assert.ok(processAlive(enginePid));
    parent.kill('SIGKILL');
    const killedAt = Date.now();
    while (processAlive(enginePid) && Date.now() - killedAt < 20_000) await new Promise((r) => setTimeout(r, 50));
    const seconds = (Date.now() - killedAt) / 1000;
    assert.ok(!processAlive(enginePid), `the engine (pid ${enginePid}) is still running ${seconds.toFixed(1)} s after its host died`);
    console.log(`      engine gone ${seconds.toFixed(2)} s after its host was killed`);
    const run = await onlyRun(lab);
    assert.equal(run.summary.status, 'cancelled');
    assertMetricsIntact(run.metricsText, run.summary.epochs.length);
    assert.ok(run.summary.epochs.length >= 2 && run.summary.epochs.length < 200);
    assert.equal((await readTable(lab.experimentsDir)).rows.find((r) => r.runId === run.runId)?.status, 'cancelled');
  });
});
