/**
 * What the training engine tests share: a small dataset made of real Kaggle photos, experiment
 * configs written to disk, a captured CLI, and the events of a job.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfigInput } from '../../../src/shared/config/types';
import { validateConfig, formatIssues } from '../../../src/shared/config/validate';
import type { EngineToHost, TrainJob } from '../../../src/shared/protocol/engine';
import type { CliIo } from '../../../src/engine/cli/io';
import { MOBILENET_025_JSON } from '../../support/shared';
import { testPhotos, testTempDir } from '../../support/photos';

export interface SmallDataset {
  dir: string;
  counts: Record<'train' | 'validation' | 'test', number>;
}

/**
 * cats_vs_dogs/{train,validation,test}/{cats,dogs} from the first `perClass` cats and dogs of the
 * shared zip (hard links), split 60/20/20 in file order.
 */
export async function smallDataset(perClass = 40): Promise<SmallDataset> {
  const photos = await testPhotos(perClass);
  const dir = join(testTempDir('cats-dogs-small-'), 'cats_vs_dogs');
  const nTrain = Math.round(perClass * 0.6);
  const nVal = Math.round(perClass * 0.2);
  const parts = { train: [0, nTrain], validation: [nTrain, nTrain + nVal], test: [nTrain + nVal, perClass] } as const;
  for (const [split, [from, to]] of Object.entries(parts)) {
    for (const [cls, files] of [['cats', photos.cats], ['dogs', photos.dogs]] as const) {
      const folder = join(dir, split, cls);
      await fs.mkdir(folder, { recursive: true });
      for (const f of files.slice(from, to)) await fs.link(f, join(folder, f.split('/').pop()!));
    }
  }
  return { dir, counts: { train: 2 * nTrain, validation: 2 * nVal, test: 2 * (perClass - nTrain - nVal) } };
}

/** A MobileNet 0.25 (model.json from ../shared) config at a tiny input size, for the quick paths. */
export function tinyConfig(name: string, over: Record<string, unknown> = {}): ExperimentConfigInput {
  const base: Record<string, any> = {
    name,
    data: 'cats_vs_dogs',
    backbone: { architecture: 'MobileNet', alpha: 0.25, weights: MOBILENET_025_JSON, outputLayer: 'conv_pw_13_relu', inputSize: 64 },
    head: { pooling: 'gap', layers: [{ units: 16, activation: 'relu', dropout: 0.2 }] },
    training: { optimizer: 'adam', learningRate: 0.001, batchSize: 16, epochs: 2, seed: 7 },
  };
  // One level deep: `{ backbone: { inputSize: 32 } }` changes one field; an undefined value removes it.
  for (const [k, v] of Object.entries(over)) {
    const merged = v && typeof v === 'object' && !Array.isArray(v) && base[k] ? { ...base[k], ...v } : v;
    if (merged && typeof merged === 'object') for (const [f, x] of Object.entries(merged)) if (x === undefined) delete (merged as Record<string, unknown>)[f];
    base[k] = merged;
  }
  return base;
}

/** A validated train job for `config` written as <experimentsDir>/<name>.json. */
export async function writeJob(experimentsDir: string, input: ExperimentConfigInput, extra: Partial<TrainJob> = {}): Promise<TrainJob> {
  const { config, issues } = validateConfig(input);
  if (!config) throw new Error(formatIssues(issues, 'test config'));
  await fs.mkdir(experimentsDir, { recursive: true });
  const configPath = join(experimentsDir, `${config.name}.json`);
  await fs.writeFile(configPath, JSON.stringify(input, null, 2));
  return { kind: 'train', configPath, config, experimentsDir, ...extra };
}

/** Collects a job's events. */
export function eventLog(signal = new AbortController().signal) {
  const events: EngineToHost[] = [];
  return { events, ctx: { emit: (e: EngineToHost) => void events.push(e), signal }, of: <T extends EngineToHost['type']>(type: T) => events.filter((e): e is Extract<EngineToHost, { type: T }> => e.type === type) };
}

/** A CliIo whose output is kept in strings. */
export function capturedIo(signal = new AbortController().signal): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, signal },
    out: () => out,
    err: () => err,
  };
}
