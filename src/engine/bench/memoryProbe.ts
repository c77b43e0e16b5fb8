/**
 * One memory probe, run in its own process by `cats-dogs bench` (--probe): the first-run path of a
 * training run on `photos` photos — features extracted into an empty cache, kept in RAM or read from
 * disk, then the baseline head trained on them — and the process's peak RSS. Comparing probes of
 * different sizes shows how memory grows with the dataset.
 */
import { loadBackbone } from '../backbones';
import { readDatasetLayout } from '../dataset';
import type { BackendChoice } from '../../shared/protocol/engine';
import { FeatureCache } from '../features/cache';
import { extractFeatures } from '../features/extract';
import { selectBackend } from '../tf/backends';
import { chooseExtractor } from '../training/extractorChoice';
import { fitOnFeatures } from '../training/fitHead';
import { labelled, splitView } from '../training/splitFeatures';
import { benchBackbones } from './backboneSet';
import { featureKeyOf } from '../training/featureKey';
import { checkedBaseline, compiledHead, disposeHead } from './headBench';
import { maxRssMb, numTensors } from './measure';
import { subsetLayout } from './photoSet';
import type { MemoryProbe } from './types';

export interface ProbeRequest {
  storage: 'memory' | 'disk';
  photos: number;
  epochs: number;
}

export function parseProbeRequest(text: string): ProbeRequest | undefined {
  try {
    const r = JSON.parse(text) as Partial<ProbeRequest>;
    if ((r.storage === 'memory' || r.storage === 'disk') && Number.isInteger(r.photos) && r.photos! > 0 && Number.isInteger(r.epochs) && r.epochs! > 0) {
      return { storage: r.storage, photos: r.photos!, epochs: r.epochs! };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

export async function runMemoryProbe(req: ProbeRequest, opts: { dataDir: string; modelsDir?: string; cacheDir: string; backend: BackendChoice; signal: AbortSignal }): Promise<MemoryProbe> {
  const report = await selectBackend(opts.backend);
  // MobileNet 0.75: 75 KB of features a photo, so their growth stands well above the RSS noise (~40 MB).
  const bb = benchBackbones(opts.modelsDir)[1];
  const config = checkedBaseline('.');
  const backbone = await loadBackbone(bb.spec, { configDir: process.cwd(), cacheDir: opts.cacheDir, seed: config.training.seed, signal: opts.signal });
  const { extractor } = await chooseExtractor(backbone, report.name, opts.cacheDir, () => undefined);
  try {
    const layout = subsetLayout(await readDatasetLayout(opts.dataDir), req.photos);
    const train = labelled(layout.train.cats, layout.train.dogs);
    const validation = labelled(layout.validation.cats, layout.validation.dogs);
    const tensorsBefore = numTensors();
    const baseRssMb = maxRssMb();
    const files = [...train.files, ...validation.files];
    const result = await extractFeatures(files, extractor, new FeatureCache(opts.cacheDir), { key: featureKeyOf(backbone, bb.spec.alpha), batchSize: 64, storage: req.storage, signal: opts.signal });
    const extractRssMb = maxRssMb();
    const head = compiledHead(config, backbone.featureShape);
    try {
      await fitOnFeatures({
        model: head,
        inputShape: backbone.featureShape,
        train: splitView(result.features, 0, train),
        validation: splitView(result.features, train.files.length, validation),
        epochs: req.epochs,
        batchSize: config.training.batchSize,
        seed: config.training.seed,
        phase: 'train',
        signal: opts.signal,
      });
    } finally {
      disposeHead(head);
    }
    const peakRssMb = maxRssMb();
    const featureMb = result.features.memoryBytes / 2 ** 20;
    await result.features.close();
    return { photos: files.length, storage: req.storage, backbone: bb.label, epochs: req.epochs, baseRssMb, extractRssMb, peakRssMb, featureMb, tensorsBefore, tensorsAfter: numTensors() };
  } finally {
    await extractor.dispose();
    backbone.dispose();
  }
}

