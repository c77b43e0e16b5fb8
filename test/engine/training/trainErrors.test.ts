/**
 * What `cats-dogs train`, `evaluate` and `predict` say and return when the training code cannot do
 * its job: a layer the backbone lacks, a dataset that is missing or has an empty class, usage errors.
 * Exit codes: 0 done, 1 an error (message and hint on stderr), 2 a usage error.
 */
import { strict as assert } from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/engine/cli/cli';
import { readTable } from '../../../src/shared/node/resultsStore';
import type { RunSummary } from '../../../src/shared/results/runFolder';
import { sharedAvailable } from '../../support/shared';
import { testTempDir } from '../../support/photos';
import { capturedIo, smallDataset, tinyConfig, type SmallDataset } from './fixtures';

describe('training errors through the CLI', function () {
  let ds: SmallDataset;
  let root: string;
  let cacheDir: string;

  before(async function () {
    if (!sharedAvailable()) this.skip();
    ds = await smallDataset(8);
    root = testTempDir('cats-dogs-errors-');
    cacheDir = join(root, 'cache');
  });

  /** Writes a config (data pointing at `dataDir`) and runs `cats-dogs train` on it. */
  async function trainCli(name: string, over: Record<string, unknown>, dataDir = ds.dir) {
    const dir = join(root, name);
    await fs.mkdir(dir, { recursive: true });
    const configPath = join(dir, `${name}.json`);
    await fs.writeFile(configPath, JSON.stringify({ ...tinyConfig(name, over), data: dataDir }, null, 2));
    const cli = capturedIo();
    const code = await runCli(['train', '--config', configPath, '--cache', cacheDir, '--backend', 'wasm'], cli.io);
    return { code, out: cli.out(), err: cli.err(), dir };
  }

  async function failedRun(dir: string): Promise<RunSummary> {
    const runs = await fs.readdir(join(dir, 'runs'));
    assert.equal(runs.length, 1);
    const summary: RunSummary = JSON.parse(await fs.readFile(join(dir, 'runs', runs[0], 'summary.json'), 'utf8'));
    const row = (await readTable(dir)).rows.find((r) => r.runId === summary.runId);
    assert.equal(summary.status, 'failed');
    assert.equal(row?.status, 'failed');
    return summary;
  }

  it('an outputLayer the backbone lacks: exit 1, the loader\'s message and the nearest names, a failed run', async () => {
    const r = await trainCli('bad-layer', { backbone: { outputLayer: 'conv_pw_13_relu6' } });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^Error: .*no layer "conv_pw_13_relu6"/m);
    assert.match(r.err, /conv_pw_13_relu/);
    assert.match(r.out, /^Run failed: /m);
    const s = await failedRun(r.dir);
    assert.match(s.error!.message, /conv_pw_13_relu6/);
    assert.ok(s.error!.hint);
  });

  it('a fineTune.fromLayer the backbone lacks fails before any epoch, naming the layers near the top', async () => {
    const r = await trainCli('bad-finetune', { fineTune: { fromLayer: 'conv_pw_99', epochs: 1, learningRate: 1e-5 } });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^Error: fineTune\.fromLayer "conv_pw_99" is not a layer of this backbone\.\n {2}Layers near the top: .*conv_pw_13, conv_pw_13_bn/m);
    assert.doesNotMatch(r.out, /^Epoch /m, 'no time spent training the head first');
    const s = await failedRun(r.dir);
    assert.equal(s.epochs.length, 0);
  });

  it('a missing dataset folder or a class without photos: exit 1 with what to do, and no run folder', async () => {
    const missing = await trainCli('no-data', {}, join(root, 'nowhere'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^cats-dogs: The dataset folder .*nowhere does not exist\.\n {2}Prepare the dataset first/m);
    assert.ok(!existsSync(join(missing.dir, 'runs')));

    const empty = join(root, 'empty-class');
    await fs.cp(ds.dir, empty, { recursive: true });
    for (const f of await fs.readdir(join(empty, 'train', 'dogs'))) await fs.rm(join(empty, 'train', 'dogs', f));
    const noDogs = await trainCli('no-dogs', {}, empty);
    assert.equal(noDogs.code, 1);
    assert.match(noDogs.err, /^cats-dogs: No dog photos in .*train\/dogs: the train split needs both classes\.\n {2}Prepare the dataset first/m);
    assert.ok(!existsSync(join(noDogs.dir, 'runs')));
  });

  it('--data and --runs place the run: the run folder and results.csv under --runs, paths relative to its parent', async () => {
    const configPath = join(root, 'elsewhere.json');
    await fs.writeFile(configPath, JSON.stringify({ ...tinyConfig('elsewhere', { training: { epochs: 1 } }), data: 'not-here' }));
    const runs = join(root, 'lab', 'experiments');
    const cli = capturedIo();
    assert.equal(await runCli(['train', '--config', configPath, '--data', ds.dir, '--runs', runs, '--cache', cacheDir, '--backend', 'wasm'], cli.io), 0, cli.err());
    assert.match(cli.out(), /^Epoch 1\/1$/m);
    const table = await readTable(runs);
    assert.equal(table.rows.length, 1);
    assert.equal(table.rows[0].status, 'completed');
    assert.equal(table.rows[0].runDir, `experiments/runs/${table.rows[0].runId}`);
    assert.equal(table.rows[0].config, '../elsewhere.json');
    assert.ok(existsSync(join(runs, 'runs', table.rows[0].runId, 'model', 'head', 'model.json')));
  });

  it('usage errors exit 2; an unreadable or invalid config exits 1 with the line and field', async () => {
    const usage = capturedIo();
    assert.equal(await runCli(['train'], usage.io), 2);
    assert.match(usage.err(), /missing --config/);
    const backend = capturedIo();
    assert.equal(await runCli(['train', '--config', 'x.json', '--backend', 'quantum'], backend.io), 2);
    assert.match(backend.err(), /--backend quantum is not a backend/);
    const flag = capturedIo();
    assert.equal(await runCli(['evaluate', '--run', 'r', '--data', 'd', '--epochs', '3'], flag.io), 2);
    assert.match(flag.err(), /--epochs/);

    const none = capturedIo();
    assert.equal(await runCli(['train', '--config', join(root, 'nope.json')], none.io), 1);
    assert.match(none.err(), /^cats-dogs: Cannot read the config .*nope\.json: no such file\.\n {2}Give the path of an experiment config/m);
    const invalid = join(root, 'invalid.json');
    await fs.writeFile(invalid, '{\n  "name": "invalid",\n  "training": { "learningRate": -1 }\n}\n');
    const bad = capturedIo();
    assert.equal(await runCli(['train', '--config', invalid], bad.io), 1);
    assert.match(bad.err(), /invalid\.json:3:\d+: training\.learningRate: /);
  });

  it('evaluate and predict on a folder that is not a run, or photos without classes: exit 1 with the reason', async () => {
    const notRun = capturedIo();
    assert.equal(await runCli(['evaluate', '--run', root, '--data', join(ds.dir, 'test'), '--cache', cacheDir], notRun.io), 1);
    assert.match(notRun.err(), /holds no trained model.*\n {2}Use the folder of a completed run/);
    const noClasses = capturedIo();
    assert.equal(await runCli(['evaluate', '--run', root, '--data', ds.dir, '--cache', cacheDir], noClasses.io), 1);
    assert.match(noClasses.err(), /needs photos in both cats\/ and dogs\/ \(found 0 and 0\)/);
    const predict = capturedIo();
    assert.equal(await runCli(['predict', '--run', root], predict.io), 2);
  });
});
