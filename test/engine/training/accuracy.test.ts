/**
 * Issue 3's numbers: the 2,000 real Kaggle photos of ../shared split 70/15/15, a frozen MobileNet
 * and a small head (GAP, Dense 64 ReLU, Dropout 0.3, sigmoid; Adam 1e-3; batch 32; 5 epochs).
 *   (a) MobileNet v1 0.75 (TensorFlow.js model.json cut at conv_pw_13_relu, 224 px): >= 95 % test accuracy,
 *       through `cats-dogs train` in-process, then the run folder, evaluate and predict on it, a repeat
 *       from the feature cache (identical metrics, no tensor leak) and Ctrl+C mid-epoch;
 *   (b) the real Keras .h5 MobileNet 0.25 (224 px): > 85 %.
 * Accuracy and times are printed; only accuracy is asserted.
 */
import { strict as assert } from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/engine/cli/cli';
import { readConfigFile } from '../../../src/engine/cli/commands/train';
import { prepareDataset } from '../../../src/engine/dataset';
import { tf } from '../../../src/engine/tf/tf';
import { trainJob } from '../../../src/engine/training/trainJob';
import { validateConfig } from '../../../src/shared/config/validate';
import { readTable } from '../../../src/shared/node/resultsStore';
import { parseMetricsCsv, type RunSummary } from '../../../src/shared/results/runFolder';
import { MOBILENET_025_H5, MOBILENET_075_JSON, SHARED_ZIP, sharedAvailable } from '../../support/shared';
import { testTempDir } from '../../support/photos';
import { capturedIo, eventLog } from './fixtures';

const HEAD = { pooling: 'gap', layers: [{ units: 64, activation: 'relu', dropout: 0.3 }] };
const TRAINING = { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 5, seed: 1 };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

async function readSummary(runDir: string): Promise<RunSummary> {
  return JSON.parse(await fs.readFile(join(runDir, 'summary.json'), 'utf8'));
}

/** predictions.csv rows. */
async function readPredictions(runDir: string): Promise<Array<{ file: string; label: string; probability: number }>> {
  const lines = (await fs.readFile(join(runDir, 'predictions.csv'), 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'file,label,probability');
  return lines.slice(1).map((l) => {
    const [file, label, p] = l.split(',');
    return { file, label, probability: Number(p) };
  });
}

describe('training on the 2,000 real Kaggle photos (issue 3)', function () {
  let root: string;
  let data: string;
  let cacheDir: string;
  let experiments: string;

  before(async function () {
    if (!sharedAvailable()) this.skip();
    root = testTempDir('cats-dogs-accuracy-');
    data = join(root, 'cats_vs_dogs');
    cacheDir = join(root, 'cache');
    experiments = join(root, 'experiments');
    const started = Date.now();
    await prepareDataset({ kind: 'prepare', source: SHARED_ZIP, out: data, split: [70, 15, 15], seed: 42 }, { emit: () => undefined, signal: new AbortController().signal });
    console.log(`      prepared 1400/300/300 photos in ${seconds(started)} s`);
    await fs.mkdir(experiments);
  });

  describe('(a) MobileNet v1 0.75, model.json, frozen, 224 px', function () {
    const input = {
      name: 'mobilenet075',
      data: '../cats_vs_dogs',
      backbone: { architecture: 'MobileNet', alpha: 0.75, weights: MOBILENET_075_JSON, outputLayer: 'conv_pw_13_relu', inputSize: 224 },
      head: HEAD,
      training: TRAINING,
    };
    let configPath: string;
    let runDir: string;
    let summary: RunSummary;

    before(async () => {
      configPath = join(experiments, 'mobilenet075.json');
      await fs.writeFile(configPath, JSON.stringify(input, null, 2));
    });

    it('cats-dogs train reaches >= 95 % test accuracy, printing Keras-style lines', async () => {
      const cli = capturedIo();
      const started = Date.now();
      const code = await runCli(['train', '--config', configPath, '--cache', cacheDir], cli.io);
      const out = cli.out();
      assert.equal(code, 0, cli.err());
      runDir = /^Run folder: (.+)$/m.exec(out)![1];
      summary = await readSummary(runDir);
      const acc = summary.test!.acc;
      console.log(
        `      MobileNet 0.75 at 224 px: test accuracy ${(acc * 100).toFixed(2)} % in ${seconds(started)} s ` +
          `(features ${summary.timings.featureSeconds?.toFixed(1)} s with ${summary.featureExtractor}, ${summary.timings.secondsPerEpoch?.toFixed(1)} s per epoch, backend ${summary.backend.name})`,
      );
      assert.ok(acc >= 0.95, `test accuracy ${acc}`);

      assert.equal(out.match(/^Loading weights$/gm)?.length, 1, 'said once, not per step');
      assert.match(out, /^Found 1400 images belonging to 2 classes\. \(train\)$/m);
      assert.match(out, /^Found 300 images belonging to 2 classes\. \(test\)$/m);
      for (let e = 1; e <= 5; e++) assert.match(out, new RegExp(`^Epoch ${e}/5$`, 'm'));
      const epochLines = out.match(/^44\/44 \[={30}\] - \d+s \d+ms\/step - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/gm) ?? [];
      assert.equal(epochLines.length, 5, out);
      const last = summary.epochs[4];
      assert.ok(epochLines[4].endsWith(`loss: ${last.loss.toFixed(4)} - acc: ${last.acc.toFixed(4)} - val_loss: ${last.valLoss.toFixed(4)} - val_acc: ${last.valAcc.toFixed(4)}`), epochLines[4]);
      assert.match(out, new RegExp(`^Test accuracy: ${(acc * 100).toFixed(2)}%$`, 'm'));
      assert.doesNotMatch(cli.err(), /Error|Warning/);
    });

    it('the run folder holds the normalised config, every epoch, the summary, the predictions and the results row', async () => {
      assert.ok(summary, 'the training test ran');
      assert.deepEqual(JSON.parse(await fs.readFile(join(runDir, 'config.json'), 'utf8')), validateConfig(input).config);
      const metrics = parseMetricsCsv(await fs.readFile(join(runDir, 'metrics.csv'), 'utf8'));
      assert.deepEqual(metrics.map((m) => m.epoch), [1, 2, 3, 4, 5]);
      metrics.forEach((m, i) => {
        assert.equal(m.valAcc, summary.epochs[i].valAcc);
        assert.equal(m.loss, summary.epochs[i].loss);
      });

      assert.equal(summary.status, 'completed');
      assert.deepEqual(summary.images, { train: 1400, validation: 300, test: 300 });
      assert.deepEqual(summary.featureCache, { hits: 0, misses: 2000 });
      assert.equal(summary.params.trainable, 0);
      assert.ok(summary.timings.totalSeconds > summary.timings.trainSeconds && summary.timings.trainSeconds > 0);
      assert.ok(summary.timings.featureSeconds! > 0 && summary.timings.secondsPerEpoch! > 0);
      assert.equal(summary.versions.tfjs, tf().version.tfjs);
      assert.equal(summary.versions.node, process.version);
      assert.ok(summary.versions.engine);
      if (summary.featureExtractor === 'onnxruntime-cpu') assert.match(summary.versions.onnxruntime ?? '', /^\d+\.\d+/);
      assert.ok(summary.backend.name && summary.backend.device);
      assert.equal(summary.dataset?.seed, 42);
      assert.ok(existsSync(join(runDir, 'log.txt')));
      assert.ok(!existsSync(join(runDir, '.owner.json')), 'the owner file is gone once the run ended');

      const predictions = await readPredictions(runDir);
      assert.equal(predictions.length, 300);
      assert.deepEqual(new Set(predictions.map((p) => p.label)), new Set(['cat', 'dog']));
      for (const p of predictions) assert.equal(p.label, p.file.includes('/cats/') ? 'cat' : 'dog');
      const right = predictions.filter((p) => (p.probability >= 0.5) === (p.label === 'dog')).length;
      assert.equal(right / 300, summary.test!.acc);
      const [[tn, fp], [fn, tp]] = summary.test!.confusion.matrix;
      assert.equal(tn + tp, right);
      assert.equal(tn + fp + fn + tp, 300);

      const table = await readTable(experiments);
      assert.deepEqual(table.problems, []);
      const row = table.rows.find((r) => r.runId === summary.runId);
      assert.ok(row);
      assert.equal(row.status, 'completed');
      assert.equal(row.epochsRun, 5);
      assert.equal(row.bestEpoch, summary.bestEpoch);
      assert.ok(Math.abs(row.testAcc! - summary.test!.acc) < 1e-6);
      assert.equal(row.backbone, 'MobileNet(0.75)');
      assert.equal(row.config, 'experiments/mobilenet075.json');
      assert.equal(row.runDir, `experiments/runs/${summary.runId}`);
    });

    it('the saved model re-loads: evaluate gives the run\'s test accuracy, predict labels clear photos', async () => {
      assert.ok(summary, 'the training test ran');
      const cli = capturedIo();
      let started = Date.now();
      assert.equal(await runCli(['evaluate', '--run', runDir, '--data', join(data, 'test'), '--cache', cacheDir], cli.io), 0, cli.err());
      const shown = Number(/^Accuracy: (\d+\.\d\d)%$/m.exec(cli.out())![1]) / 100;
      const loss = Number(/^Loss: (\d+\.\d{4})$/m.exec(cli.out())![1]);
      console.log(`      evaluate on the 300 test photos: ${(shown * 100).toFixed(2)} % (the run: ${(summary.test!.acc * 100).toFixed(2)} %), loss ${loss} (${summary.test!.loss.toFixed(4)}), ${seconds(started)} s`);
      // The same features as the run's (the feature cache), so the same numbers.
      assert.match(cli.out(), new RegExp(`^Accuracy: ${(summary.test!.acc * 100).toFixed(2)}%$`, 'm'));
      assert.equal(loss.toFixed(4), summary.test!.loss.toFixed(4));
      const [[tn, fp], [fn, tp]] = summary.test!.confusion.matrix;
      assert.match(cli.out(), new RegExp(`\\[\\[${tn}, ${fp}\\], \\[${fn}, ${tp}\\]\\]`));

      const predictions = await readPredictions(runDir);
      const cat = predictions.filter((p) => p.label === 'cat').sort((a, b) => a.probability - b.probability)[0];
      const dog = predictions.filter((p) => p.label === 'dog').sort((a, b) => b.probability - a.probability)[0];
      const p = capturedIo();
      started = Date.now();
      assert.equal(await runCli(['predict', '--run', runDir, '--cache', cacheDir, cat.file, dog.file], p.io), 0, p.err());
      const shownFor = (file: string, label: string) => Number(new RegExp(`^${escape(file)}: ${label} \\((\\d+\\.\\d\\d)%\\)$`, 'm').exec(p.out())?.[1]);
      assert.ok(Math.abs(shownFor(cat.file, 'cat') - (1 - cat.probability) * 100) < 0.011, p.out());
      assert.ok(Math.abs(shownFor(dog.file, 'dog') - dog.probability * 100) < 0.011, p.out());
      console.log(`      predict on 2 photos: ${seconds(started)} s`);

      const missing = capturedIo();
      assert.equal(await runCli(['predict', '--run', runDir, '--cache', cacheDir, join(root, 'no-such.jpg')], missing.io), 1);
      assert.match(missing.out(), /no-such\.jpg: error: /);
    });

    it('the same config and seed again: identical metrics from the feature cache, and no tensor left behind', async () => {
      assert.ok(summary, 'the training test ran');
      const config = await readConfigFile(configPath);
      const log = eventLog();
      const perEpoch: number[] = [];
      const before = tf().memory().numTensors;
      const started = Date.now();
      const code = await trainJob({ kind: 'train', configPath, config, experimentsDir: experiments, cacheDir }, { ...log.ctx, emit: (e) => (e.type === 'epoch' && perEpoch.push(tf().memory().numTensors), log.ctx.emit(e)) });
      assert.equal(code, 0, JSON.stringify(log.of('error')));
      const again = await readSummary(log.of('finished')[0].runDir!);
      console.log(`      the same run from the feature cache: ${seconds(started)} s; tensors ${before} before, ${perEpoch.join('/')} after each epoch, ${tf().memory().numTensors} after`);
      assert.deepEqual(again.featureCache, { hits: 2000, misses: 0 });
      const scores = (s: RunSummary) => s.epochs.map(({ loss, acc, valLoss, valAcc }) => ({ loss, acc, valLoss, valAcc }));
      assert.deepEqual(scores(again), scores(summary));
      assert.deepEqual(again.test, summary.test);
      assert.equal(await fs.readFile(join(log.of('finished')[0].runDir!, 'predictions.csv'), 'utf8'), await fs.readFile(join(runDir, 'predictions.csv'), 'utf8'));
      assert.equal(new Set(perEpoch).size, 1, `tensors per epoch: ${perEpoch.join(', ')}`);
      assert.equal(tf().memory().numTensors, before);
    });

    it('Ctrl+C mid-epoch: exit 130, the run recorded as cancelled, every file whole', async () => {
      assert.ok(summary, 'the training test ran');
      const controller = new AbortController();
      let err = '';
      let abortedAt = '';
      let out = '';
      const io = {
        stdout: { write: (s: string) => ((out += s), true) },
        stderr: {
          isTTY: true,
          columns: 120,
          write: (s: string) => {
            err += s;
            const m = /train +\[[#-]+\] (\d+)\/(\d+) batches/.exec(s);
            if (m && !controller.signal.aborted && Number(m[1]) < Number(m[2])) {
              abortedAt = m[0];
              controller.abort();
            }
            return true;
          },
        },
        signal: controller.signal,
      };
      const code = await runCli(['train', '--config', configPath, '--cache', cacheDir], io);
      assert.equal(code, 130, err);
      assert.ok(abortedAt, 'stopped while a batch bar was shown');
      assert.match(out, /^Run cancelled: cancelled by the user\.$/m);
      const cancelledDir = /^Run folder: (.+)$/m.exec(out)![1];
      const s = await readSummary(cancelledDir);
      assert.equal(s.status, 'cancelled');
      assert.equal(s.test, undefined);
      assert.equal(s.error, undefined);
      assert.ok(s.finishedAt);
      assert.ok(s.epochs.length < 5);
      const files = (await fs.readdir(cancelledDir)).sort();
      assert.deepEqual(files.filter((f) => !['config.json', 'log.txt', 'metrics.csv', 'summary.json'].includes(f)), [], `left in the run folder: ${files.join(', ')}`);
      if (files.includes('metrics.csv')) assert.equal(parseMetricsCsv(await fs.readFile(join(cancelledDir, 'metrics.csv'), 'utf8')).length, s.epochs.length);
      const row = (await readTable(experiments)).rows.find((r) => r.runId === s.runId);
      assert.equal(row?.status, 'cancelled');
      assert.equal(row?.epochsRun, s.epochs.length);
    });
  });

  it('(b) the Keras .h5 MobileNet 0.25 at 224 px: > 85 % test accuracy', async () => {
    const input = {
      name: 'mobilenet025-h5',
      data: '../cats_vs_dogs',
      backbone: { architecture: 'MobileNet', alpha: 0.25, weights: MOBILENET_025_H5, inputSize: 224 },
      head: HEAD,
      training: TRAINING,
    };
    const configPath = join(experiments, 'mobilenet025-h5.json');
    await fs.writeFile(configPath, JSON.stringify(input, null, 2));
    const log = eventLog();
    const started = Date.now();
    const code = await trainJob({ kind: 'train', configPath, config: await readConfigFile(configPath), experimentsDir: experiments, cacheDir }, log.ctx);
    assert.equal(code, 0, JSON.stringify(log.of('error')));
    const s = await readSummary(log.of('finished')[0].runDir!);
    console.log(
      `      Keras .h5 MobileNet 0.25 at 224 px: test accuracy ${(s.test!.acc * 100).toFixed(2)} % in ${seconds(started)} s ` +
        `(features ${s.timings.featureSeconds?.toFixed(1)} s, ${s.timings.secondsPerEpoch?.toFixed(1)} s per epoch; best epoch ${s.bestEpoch}, val_acc ${s.bestValAcc})`,
    );
    assert.equal(s.status, 'completed');
    assert.deepEqual(s.featureCache, { hits: 0, misses: 2000 });
    assert.equal(log.of('log').filter((e) => e.message === 'Loading weights').length, 1, 'said once, not once per weight');
    assert.ok(s.test!.acc > 0.85, `test accuracy ${s.test!.acc}`);
  });
});
