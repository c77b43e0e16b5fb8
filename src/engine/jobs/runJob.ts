import type { EngineJob } from '../../shared/protocol/engine';
import { runCacheJob } from '../cache/cacheJob';
import { prepareDataset } from '../dataset';
import type { JobContext } from '../events';
import { evaluateJob, predictJob } from '../training/predictJob';
import { trainJob } from '../training/trainJob';

/**
 * Runs one job to its end and returns the exit code. Problems the user can fix throw EngineError,
 * except in training, which records a failed run and reports the error itself.
 */
export async function runJob(job: EngineJob, ctx: JobContext): Promise<number> {
  switch (job.kind) {
    case 'prepare':
      await prepareDataset(job, ctx);
      return 0;
    case 'train':
      return trainJob(job, ctx);
    case 'evaluate':
      await evaluateJob(job, ctx);
      return 0;
    case 'predict':
      await predictJob(job, ctx);
      return 0;
    case 'cache':
      await runCacheJob(job, ctx);
      return 0;
  }
}
