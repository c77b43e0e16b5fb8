/**
 * A whole `cats-dogs train` run of the baseline-like config in a child process, with the feature cache
 * the head experiment has just warmed: what a user waits for when re-running an experiment.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../shared/results/runFolder';
import { runEngineChild } from './childEngine';
import { baselineLikeConfig } from './headBench';
import type { Skipped, TrainRun } from './types';

export async function benchTrainRun(opts: { dataDir: string; workDir: string; cacheDir: string; backend: string; env: NodeJS.ProcessEnv; signal: AbortSignal }): Promise<TrainRun | Skipped> {
  const experiments = join(opts.workDir, 'experiments');
  await fs.mkdir(experiments, { recursive: true });
  const configPath = join(experiments, 'bench-baseline.json');
  await fs.writeFile(configPath, JSON.stringify(baselineLikeConfig(opts.dataDir), null, 2) + '\n');
  const child = await runEngineChild(['train', '--config', configPath, '--backend', opts.backend, '--cache', opts.cacheDir], opts.signal, opts.env);
  const runs = join(experiments, 'runs');
  const summaries = await fs.readdir(runs).catch(() => [] as string[]);
  let summary: RunSummary | undefined;
  for (const run of summaries) {
    summary = JSON.parse(await fs.readFile(join(runs, run, 'summary.json'), 'utf8').catch(() => 'null')) ?? summary;
  }
  if (child.code !== 0 || !summary) {
    const tail = (child.stderr || child.stdout).trim().split('\n').slice(-3).join(' | ');
    return { skipped: `cats-dogs train exited with ${child.code}: ${tail}` };
  }
  return {
    config: 'baseline, VGG16 150 random weights, 10 epochs',
    wallSeconds: child.seconds,
    jobSeconds: summary.timings.totalSeconds,
    featureSeconds: summary.timings.featureSeconds,
    trainSeconds: summary.timings.trainSeconds,
    hits: summary.featureCache?.hits,
    misses: summary.featureCache?.misses,
    testAccuracy: summary.test?.acc,
    exitCode: child.code,
  };
}
