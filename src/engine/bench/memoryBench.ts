/**
 * "Memory flat with dataset size": memory probes (memoryProbe.ts) on a small and a large set of
 * photos, with features in RAM (peak RSS should grow by the features' float16 size, nothing more) and
 * read from disk (peak RSS should not grow). Each probe is its own process, so each maxRSS is its own.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { lastJsonLine, runEngineChild } from './childEngine';
import type { ProbeRequest } from './memoryProbe';
import type { MemoryProbe, Skipped } from './types';

export interface MemoryBenchOptions {
  dataDir: string;
  modelsDir?: string;
  workDir: string;
  backend: string;
  /** Environment variables for the probes (the software GPU switch). */
  env: NodeJS.ProcessEnv;
  sizes: [number, number];
  epochs: number;
  /** Run the probes at the same time (the quick smoke run; maxRSS is per process either way). */
  parallel: boolean;
  signal: AbortSignal;
}

export async function benchMemoryScaling(opts: MemoryBenchOptions): Promise<MemoryProbe[] | Skipped> {
  const requests: ProbeRequest[] = [];
  for (const storage of ['memory', 'disk'] as const) for (const photos of opts.sizes) requests.push({ storage, photos, epochs: opts.epochs });
  const probe = async (req: ProbeRequest, i: number): Promise<MemoryProbe | Skipped> => {
    const cacheDir = join(opts.workDir, `probe-cache-${i}`);
    const args = ['bench', '--probe', JSON.stringify(req), '--data', opts.dataDir, '--cache', cacheDir, '--backend', opts.backend, ...(opts.modelsDir ? ['--models', opts.modelsDir] : [])];
    try {
      const child = await runEngineChild(args, opts.signal, opts.env);
      const result = lastJsonLine<MemoryProbe>(child.stdout);
      if (child.code !== 0 || !result) return { skipped: `memory probe exited with ${child.code}: ${(child.stderr || child.stdout).trim().split('\n').slice(-2).join(' | ')}` };
      return result;
    } finally {
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  };
  const results = opts.parallel ? await Promise.all(requests.map(probe)) : [];
  if (!opts.parallel) for (const [i, r] of requests.entries()) results.push(await probe(r, i));
  const failed = results.find((r): r is Skipped => 'skipped' in r);
  return failed ?? (results as MemoryProbe[]);
}
