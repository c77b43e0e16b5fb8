/**
 * What `cats-dogs bench` measured, as plain data: printed as a table (table.ts), written with --json,
 * and checked against the targets (targets.ts). Rates are photos per second of wall time.
 */

/** photos processed in seconds; photosPerSecond = photos / seconds. */
export interface Rate {
  photos: number;
  seconds: number;
  photosPerSecond: number;
  /**
   * CPU time of the whole process (all its threads: onnxruntime's, libuv's decoders) per photo, in ms.
   * Less sensitive than wall time to other programs on a shared machine.
   */
  cpuMsPerPhoto?: number;
  /** How the photos were run: batch size, threads, what was extrapolated... */
  note?: string;
}

/** A measurement that was not made, and why. */
export interface Skipped {
  skipped: string;
}

export type RateOrSkipped = Rate | Skipped;

export function isRate(r: RateOrSkipped | undefined): r is Rate {
  return !!r && 'photosPerSecond' in r;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  /** os.loadavg() at the start and the end: the machine may be shared. */
  loadStart: number[];
  loadEnd?: number[];
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface DecodeRow {
  size: number;
  /** Photos decoded at once (imageBatches' default). */
  concurrency: number;
  rate: Rate;
}

export interface ExtractionRow {
  /** e.g. "MobileNet 0.25 224". */
  backbone: string;
  inputSize: number;
  /** Where the weights came from: "model.json" (real) or "random" (speed does not depend on them). */
  weights: string;
  featureShape: number[];
  /** ORT's session.run alone on pre-decoded, pre-batched tensors: the ceiling. */
  ortReference: RateOrSkipped;
  /** extractFeatures end to end (hash, decode overlapped, ORT, float16, cache writes), cold cache. */
  ortPipeline: RateOrSkipped;
  /** tfjs per backend on pre-decoded pixels ("wasm", "cpu", "webgpu"...). */
  tfjs: Record<string, RateOrSkipped>;
  /** The extractor training would use when it is not ORT (a GPU backend): end to end like ortPipeline. */
  chosenPipeline?: { extractor: string; rate: RateOrSkipped };
}

export interface HeadExperiment {
  backbone: string;
  extractor: string;
  train: number;
  validation: number;
  epochs: number;
  /** Features of every photo were in the cache already (else they were computed first: coldSeconds). */
  cacheWasWarm: boolean;
  coldSeconds?: number;
  /** Arm (a): reading the cached features of train+validation, then the head's epochs on them. */
  cached: { readSeconds: number; fitSeconds: number; totalSeconds: number };
  /** Arm (b): one epoch that decodes, extracts and trains on a subset, scaled to the full split and all epochs. */
  uncached: { trainPhotos: number; validationPhotos: number; trainSeconds: number; validationSeconds: number; epochSeconds: number; totalSeconds: number; extrapolated: boolean };
  ratio: number;
}

export interface TrainRun {
  config: string;
  /** Wall time of the `cats-dogs train` child process, start to exit. */
  wallSeconds: number;
  /** timings.totalSeconds of its summary.json (inside trainJob). */
  jobSeconds?: number;
  featureSeconds?: number;
  trainSeconds?: number;
  hits?: number;
  misses?: number;
  testAccuracy?: number;
  exitCode: number;
}

export interface PhaseMemory {
  phase: string;
  seconds: number;
  /** Highest RSS sampled during the phase. */
  peakRssMb: number;
  /** The process's maxRSS at the end of the phase (process-wide, never goes down). */
  maxRssMb: number;
  tensorsBefore: number;
  tensorsAfter: number;
}

/** One child process: extraction then head training on `photos` photos, features in memory or on disk. */
export interface MemoryProbe {
  photos: number;
  storage: 'memory' | 'disk';
  backbone: string;
  /** Head epochs trained on the features. */
  epochs: number;
  /** maxRSS after loading the backend and backbone, before any photo. */
  baseRssMb: number;
  /** maxRSS after the extraction, before the head trains. */
  extractRssMb: number;
  /** maxRSS at the end (extraction and training done). */
  peakRssMb: number;
  /** RAM the feature rows take (float16). */
  featureMb: number;
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface BenchReport {
  version: 1;
  startedAt: string;
  quick: boolean;
  machine: MachineInfo;
  backend: { name: string; device: string; measured: string[] };
  onnxRuntime: string;
  photos: { total: number; source: string };
  decode: DecodeRow[];
  extraction: ExtractionRow[];
  head?: HeadExperiment | Skipped;
  trainRun?: TrainRun | Skipped;
  phases: PhaseMemory[];
  memoryScaling: MemoryProbe[] | Skipped;
  seconds: number;
}
