/**
 * How far the student has come through the lab, from the results table (and the configs the runs
 * used): the values of the context keys the walkthrough's steps complete on. Pure, so the rules are
 * unit-tested; the host reads the files and sets the keys.
 */
import type { ResultRow } from '../results/row';

/** What a run's config.json says beyond the results-table columns. */
export interface RunFacts {
  /** Top layers of the backbone were trained (a fineTune section, or a trainable backbone). */
  fineTuned: boolean;
  augmented: boolean;
  earlyStopping: boolean;
}

export interface LabProgress {
  datasetReady: boolean;
  /** A completed run of the lab's baseline: VGG16 at 150x150, Flatten, Dense 256 ReLU, Dropout 0.5. */
  baselineDone: boolean;
  /** Completed runs with a test accuracy. */
  runCount: number;
  /** Different heads (units, layers, dropout) among completed runs. */
  headsTried: number;
  /** Different backbone architectures among completed runs (MobileNet's widths count as one). */
  backbonesTried: number;
  /** One backbone has completed runs with Flatten and with GlobalAveragePooling2D. */
  poolingCompared: boolean;
  fineTuned: boolean;
  augmented: boolean;
  earlyStoppingTried: boolean;
}

/** The context key of each value; the walkthrough's completionEvents name these (package.json). */
export const LAB_CONTEXT_KEYS: { readonly [K in keyof LabProgress]: string } = {
  datasetReady: 'catsDogs.datasetReady',
  baselineDone: 'catsDogs.baselineDone',
  runCount: 'catsDogs.runCount',
  headsTried: 'catsDogs.headsTried',
  backbonesTried: 'catsDogs.backbonesTried',
  poolingCompared: 'catsDogs.poolingCompared',
  fineTuned: 'catsDogs.fineTuned',
  augmented: 'catsDogs.augmented',
  earlyStoppingTried: 'catsDogs.earlyStoppingTried',
};

export const BASELINE_SIGNATURE = { architecture: 'VGG16', inputSize: '150x150', pooling: 'flatten', head: '256relu-d0.5' } as const;

/** A run that finished and was tested: the only kind that counts as an experiment done. */
export function isFinishedRun(row: ResultRow): boolean {
  return row.status === 'completed' && typeof row.testAcc === 'number' && Number.isFinite(row.testAcc);
}

/** "MobileNet(0.75)" -> "MobileNet". */
export function architectureOf(backboneLabel: string): string {
  return backboneLabel.replace(/\(.*$/, '').trim();
}

export function isBaselineRow(row: ResultRow): boolean {
  const b = BASELINE_SIGNATURE;
  return architectureOf(row.backbone) === b.architecture && row.inputSize === b.inputSize && row.pooling === b.pooling && row.head === b.head;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The facts of a run's config.json (any shape: a damaged file yields all false). */
export function runFactsFromConfig(config: unknown): RunFacts {
  if (!isObject(config)) return { fineTuned: false, augmented: false, earlyStopping: false };
  const backbone = isObject(config.backbone) ? config.backbone : {};
  const training = isObject(config.training) ? config.training : {};
  return {
    fineTuned: isObject(config.fineTune) || backbone.trainable === true,
    augmented: isObject(config.augmentation),
    earlyStopping: isObject(training.earlyStopping),
  };
}

export function labProgress(input: { datasetReady: boolean; rows: readonly ResultRow[]; facts?: ReadonlyMap<string, RunFacts> }): LabProgress {
  const done = input.rows.filter(isFinishedRun);
  const facts = done.map((r) => input.facts?.get(r.runId)).filter((f): f is RunFacts => f !== undefined);
  const poolingsByBackbone = new Map<string, Set<string>>();
  for (const r of done) {
    const set = poolingsByBackbone.get(r.backbone) ?? new Set<string>();
    set.add(r.pooling);
    poolingsByBackbone.set(r.backbone, set);
  }
  return {
    datasetReady: input.datasetReady,
    baselineDone: done.some(isBaselineRow),
    runCount: done.length,
    headsTried: new Set(done.map((r) => r.head)).size,
    backbonesTried: new Set(done.map((r) => architectureOf(r.backbone))).size,
    poolingCompared: [...poolingsByBackbone.values()].some((s) => s.has('flatten') && s.has('gap')),
    fineTuned: facts.some((f) => f.fineTuned),
    augmented: facts.some((f) => f.augmented),
    earlyStoppingTried: facts.some((f) => f.earlyStopping),
  };
}
