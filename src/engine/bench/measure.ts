/** Timing and memory helpers of the benchmark: time-bounded rate loops and per-phase RSS/tensor records. */
import { tf } from '../tf/tf';
import type { PhaseMemory, Rate } from './types';

export interface LoopBudget {
  /** Keep going until this many seconds have passed... */
  minSeconds: number;
  /** ...and at least this many photos were done... */
  minPhotos: number;
  /** ...but stop at this many photos. */
  maxPhotos: number;
}

/**
 * Calls `step(i)` (which processes some photos and returns how many) after one untimed warm-up
 * call, until the budget says stop; returns the rate of the timed calls.
 */
export async function measureLoop(budget: LoopBudget, step: (i: number) => Promise<number>, note?: string): Promise<Rate> {
  await step(-1);
  let photos = 0;
  let i = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  let seconds: number;
  do {
    photos += await step(i++);
    seconds = (performance.now() - started) / 1000;
  } while (photos < budget.maxPhotos && (seconds < budget.minSeconds || photos < budget.minPhotos));
  return rateOf(photos, seconds, note, cpuSeconds(cpu));
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

export function rateOf(photos: number, seconds: number, note?: string, cpu?: number): Rate {
  return {
    photos,
    seconds,
    photosPerSecond: seconds > 0 ? photos / seconds : 0,
    ...(cpu !== undefined && photos > 0 ? { cpuMsPerPhoto: (1000 * cpu) / photos } : {}),
    ...(note ? { note } : {}),
  };
}

/** Times one call: wall seconds and the process's CPU seconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(cpu) };
}

const MB = 2 ** 20;

/** The process's peak RSS so far, in MB (process.resourceUsage().maxRSS is in KiB). */
export function maxRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

export function numTensors(): number {
  return tf().memory().numTensors;
}

/**
 * Runs the benchmark's phases one after another and records, for each, its time, the highest RSS
 * sampled while it ran, the process's maxRSS after it, and the tensor count before and after (a
 * phase that leaks tensors shows a higher count after).
 */
export class PhaseRecorder {
  readonly phases: PhaseMemory[] = [];

  async run<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const tensorsBefore = numTensors();
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
    const started = performance.now();
    try {
      return await work();
    } finally {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
      this.phases.push({ phase, seconds: (performance.now() - started) / 1000, peakRssMb: peak / MB, maxRssMb: maxRssMb(), tensorsBefore, tensorsAfter: numTensors() });
    }
  }
}
