/**
 * The training paths besides plain head training, on tiny settings (MobileNet 0.25 model.json from
 * ../shared at 64 px, 80 real photos): early stopping with restoreBest, augmentation (train photos
 * bypass the feature cache), fine-tuning (frozen layers and every BatchNormalization statistic stay),
 * a trainable backbone (cpu backend, since wasm has no conv gradients), and what a re-loaded
 * fine-tuned run predicts.
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { loadBackbone } from '../../../src/engine/backbones';
import { tf } from '../../../src/engine/tf/tf';
import { augmentBatch } from '../../../src/engine/training/augment';
import { loadLayersModelFromFile } from '../../../src/engine/training/modelFiles';
import { evaluateJob, predictJob } from '../../../src/engine/training/predictJob';
import { trainJob } from '../../../src/engine/training/trainJob';
import type { RunSummary } from '../../../src/shared/results/runFolder';
import { parseMetricsCsv } from '../../../src/shared/results/runFolder';
import { mulberry32 } from '../../../src/engine/util/random';
import { sharedAvailable, MOBILENET_025_JSON } from '../../support/shared';
import { sharedPhotoPixels, testTempDir } from '../../support/photos';
import { eventLog, smallDataset, tinyConfig, writeJob, type SmallDataset } from './fixtures';

type Weights = Map<string, Float32Array[]>;

function weightsByLayer(model: { layers: Array<{ name: string; getWeights(): Array<{ dataSync(): unknown }> }> }): Weights {
  return new Map(model.layers.map((l) => [l.name, l.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array))]));
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function readSummary(runDir: string): Promise<RunSummary> {
  return JSON.parse(await fs.readFile(join(runDir, 'summary.json'), 'utf8'));
}

/** predictions.csv as file -> probability. */
async function readPredictions(runDir: string): Promise<Map<string, number>> {
  const lines = (await fs.readFile(join(runDir, 'predictions.csv'), 'utf8')).trim().split('\n').slice(1);
  return new Map(lines.map((l) => [l.split(',')[0], Number(l.split(',')[2])]));
}

/**
 * Trains `job` and returns its run folder, failing with the engine's own error when it does not
 * complete, or when the run left tensors behind (its model, optimizer state, the whole model built
 * for fine-tuning).
 */
async function train(job: Parameters<typeof trainJob>[0]) {
  const log = eventLog();
  const before = tf().memory().numTensors;
  const code = await trainJob(job, log.ctx);
  const finished = log.of('finished')[0];
  assert.equal(code, 0, JSON.stringify(log.of('error')));
  assert.equal(tf().memory().numTensors, before, 'tensors left after the run');
  assert.ok(finished?.runDir);
  return { runDir: finished.runDir, summary: await readSummary(finished.runDir), log };
}

describe('training paths on a small real dataset', function () {
  let ds: SmallDataset;
  let root: string;
  let cacheDir: string;
  const experiments = () => join(root, 'experiments');

  before(async function () {
    if (!sharedAvailable()) this.skip();
    ds = await smallDataset(40);
    root = testTempDir('cats-dogs-paths-');
    cacheDir = join(root, 'cache');
  });

  /** A re-loaded run gives its test photos the probabilities its predictions.csv recorded. */
  async function predictsAsRecorded(runDir: string): Promise<void> {
    const recorded = await readPredictions(runDir);
    const p = eventLog();
    await predictJob({ kind: 'predict', runDir, images: [...recorded.keys()], backend: 'wasm', cacheDir }, p.ctx);
    const predictions = p.of('predictions')[0].predictions;
    assert.equal(predictions.length, recorded.size);
    for (const pred of predictions) {
      assert.ok('probability' in pred, JSON.stringify(pred));
      assert.ok(Math.abs(pred.probability - recorded.get(pred.image)!) < 2e-3, `${pred.image}: ${pred.probability} now, ${recorded.get(pred.image)} in the run ${runDir}`);
    }
  }

  const job = (name: string, over: Record<string, unknown> = {}) => writeJob(experiments(), tinyConfig(name, over), { dataDir: ds.dir, cacheDir, backend: 'wasm' });

  it('early stopping with restoreBest: the saved model is the best epoch, and the run stops after `patience` worse epochs', async () => {
    const { runDir, summary } = await train(await job('early', { training: { learningRate: 0.02, epochs: 12, earlyStopping: { patience: 2, restoreBest: true, monitor: 'val_loss' } } }));
    const epochs = summary.epochs;
    const best = epochs.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    assert.equal(summary.bestEpoch, best.epoch);
    assert.equal(summary.bestValAcc, best.valAcc);
    assert.ok(best.epoch < epochs.length, `the best epoch (${best.epoch}) must not be the last (${epochs.length}) for this test to show anything: change the learning rate`);
    assert.ok(epochs.length < 12, 'it stopped early');
    assert.equal(epochs.length, best.epoch + 2, 'two epochs without improvement, then stop');
    assert.deepEqual(parseMetricsCsv(await fs.readFile(join(runDir, 'metrics.csv'), 'utf8')).map((e) => e.epoch), epochs.map((e) => e.epoch));

    // The saved head, re-loaded, scores the validation photos (their features from the cache) as the best epoch did.
    const log = eventLog();
    await evaluateJob({ kind: 'evaluate', runDir, dataDir: join(ds.dir, 'validation'), backend: 'wasm', cacheDir }, log.ctx);
    const test = log.of('finished')[0].test!;
    assert.equal(test.acc, best.valAcc);
    assert.ok(Math.abs(test.loss - best.valLoss) < 1e-6, `validation loss ${test.loss} vs the best epoch's ${best.valLoss}`);
    const last = epochs[epochs.length - 1];
    assert.ok(Math.abs(test.loss - last.valLoss) > 1e-2, 'the last epoch would have scored differently');
  });

  it('augmentation changes the pixels, keeps them in 0..255, and is reproducible with the same random numbers', async () => {
    const [h, w] = [48, 64];
    const pixels = await sharedPhotoPixels(2, h, w);
    const flipOnly = augmentBatch(pixels, 2, [h, w], { flip: true, rotation: 0, zoom: 0 }, () => 0.1);
    for (const [y, x, c] of [[0, 0, 0], [10, 5, 1], [47, 63, 2]]) {
      assert.equal(flipOnly[(y * w + (w - 1 - x)) * 3 + c], pixels[(y * w + x) * 3 + c], 'flipLeftRight mirrors each row');
    }
    const aug = { flip: true, rotation: 0.1, zoom: 0.2 };
    const a = augmentBatch(pixels, 2, [h, w], aug, mulberry32(5));
    const b = augmentBatch(pixels, 2, [h, w], aug, mulberry32(5));
    assert.deepEqual(a, b);
    assert.ok(maxDiff(a, pixels) > 50, 'the photos changed');
    assert.ok(a.every((v) => v >= 0 && v <= 255), 'values stay in 0..255');
    assert.equal(augmentBatch(pixels, 2, [h, w], { flip: false, rotation: 0, zoom: 0 }, mulberry32(1)), pixels, 'no augmentation, same pixels');
  });

  it('augmented training computes the train features every epoch: the cache serves only validation and test', async () => {
    const fresh = join(root, 'cache-aug');
    const augJob = await writeJob(experiments(), tinyConfig('augmented', { augmentation: { flip: true, rotation: 0.05, zoom: 0.1 } }), { dataDir: ds.dir, cacheDir: fresh, backend: 'wasm' });
    const aug = await train(augJob);
    const nonTrain = ds.counts.validation + ds.counts.test;
    assert.deepEqual(aug.summary.featureCache, { hits: 0, misses: nonTrain });
    assert.equal(aug.summary.epochs.length, 2);
    // The same run without augmentation finds validation and test in the cache, and no train photo.
    const plain = await train(await writeJob(experiments(), tinyConfig('not-augmented'), { dataDir: ds.dir, cacheDir: fresh, backend: 'wasm' }));
    assert.deepEqual(plain.summary.featureCache, { hits: nonTrain, misses: ds.counts.train });
    assert.notEqual(aug.summary.epochs[0].loss, plain.summary.epochs[0].loss, 'augmentation changed what the head saw');
  });

  it('fine-tuning changes only the unfrozen layers, keeps every BatchNormalization statistic, and each saved run predicts as it tested', async function () {
    const { runDir, summary, log } = await train(await job('finetune', { backbone: { inputSize: 32 }, fineTune: { fromLayer: 'conv_pw_13', epochs: 1, learningRate: 0.001 } }));
    assert.deepEqual(summary.epochs.map((e) => e.phase), ['train', 'train', 'finetune']);
    assert.deepEqual(log.of('epoch').map((e) => `${e.epoch}/${e.epochs} ${e.phase}`), ['1/3 train', '2/3 train', '3/3 finetune']);
    assert.ok(log.of('log').some((e) => /cannot compute convolution gradients/.test(e.message)), 'the switch to the cpu backend is reported');

    const original = await loadBackbone({ architecture: 'MobileNet', alpha: 0.25, weights: MOBILENET_025_JSON, outputLayer: 'conv_pw_13_relu', inputSize: [32, 32], preprocessing: 'tf', trainable: false }, { configDir: root, cacheDir });
    const saved = await loadLayersModelFromFile(join(runDir, 'model/backbone/model.json'));
    try {
      const before = weightsByLayer(original.model);
      const after = weightsByLayer(saved);
      const names = original.model.layers.map((l) => l.name);
      assert.deepEqual(saved.layers.map((l) => l.name), names);
      const first = names.indexOf('conv_pw_13');
      let bnLayers = 0;
      for (const [i, name] of names.entries()) {
        const [b, a] = [before.get(name)!, after.get(name)!];
        if (original.model.layers[i].getClassName() === 'BatchNormalization') {
          bnLayers++;
          assert.equal(maxDiff(a[2], b[2]) + maxDiff(a[3], b[3]), 0, `${name}: moving mean and variance unchanged`);
        }
        if (i < first) b.forEach((w, k) => assert.equal(maxDiff(a[k], w), 0, `${name} is frozen`));
      }
      assert.equal(bnLayers, 27);
      assert.ok(maxDiff(after.get('conv_pw_13')![0], before.get('conv_pw_13')![0]) > 0, 'conv_pw_13 learned');
      assert.ok(maxDiff(after.get('conv_pw_13_bn')![0], before.get('conv_pw_13_bn')![0]) > 0, 'conv_pw_13_bn gamma learned');
      // conv_pw_13's kernel (1x1x256x256) and its BN's gamma and beta; not the moving statistics.
      assert.equal(summary.params.trainable, 256 * 256 + 2 * 256);
    } finally {
      original.dispose();
      saved.dispose();
    }
    await predictsAsRecorded(runDir);

    // Another run fine-tuned from the same weights must not predict with the first one's backbone
    // (the ONNX export of a fine-tuned backbone is cached by its weights).
    const other = await train(await job('finetune-b', { backbone: { inputSize: 32 }, fineTune: { unfreezeTop: 2, epochs: 1, learningRate: 0.05 } }));
    await predictsAsRecorded(other.runDir);
  });

  it('a trainable backbone learns on the cpu backend, BatchNormalization in training mode, and the run reloads', async () => {
    const tiny = await smallDataset(8);
    const started = Date.now();
    const { runDir, summary, log } = await train(
      await writeJob(experiments(), tinyConfig('trainable', { backbone: { inputSize: 32, trainable: true }, training: { epochs: 1, batchSize: 8 } }), { dataDir: tiny.dir, cacheDir, backend: 'wasm' }),
    );
    console.log(`      trainable MobileNet 0.25 at 32 px, ${tiny.counts.train} photos, 1 epoch: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(log.of('started')[0].featureCache?.used, false);
    assert.equal(summary.featureCache, undefined);
    assert.equal(tf().getBackend(), 'cpu');
    const original = await loadBackbone({ architecture: 'MobileNet', alpha: 0.25, weights: MOBILENET_025_JSON, outputLayer: 'conv_pw_13_relu', inputSize: [32, 32], preprocessing: 'tf', trainable: true }, { configDir: root, cacheDir });
    const saved = await loadLayersModelFromFile(join(runDir, 'model/backbone/model.json'));
    try {
      const before = weightsByLayer(original.model);
      const after = weightsByLayer(saved);
      assert.ok(maxDiff(after.get('conv1')![0], before.get('conv1')![0]) > 0, 'the first conv layer learned');
      assert.ok(maxDiff(after.get('conv1_bn')![2], before.get('conv1_bn')![2]) > 0, 'BN moving means follow the batches (training mode, as in Keras)');
      assert.equal(summary.params.trainable, original.model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0));
    } finally {
      original.dispose();
      saved.dispose();
    }
    await predictsAsRecorded(runDir);
  });
});
