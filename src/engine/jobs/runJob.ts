import type { EngineJob } from '../../shared/protocol/engine';
import { prepareDataset } from '../dataset';
import { EngineError } from '../errors';
import type { JobContext } from '../events';

/** Runs one job to its end. Throws EngineError for problems the user can fix. */
export async function runJob(job: EngineJob, ctx: JobContext): Promise<void> {
  switch (job.kind) {
    case 'prepare':
      await prepareDataset(job, ctx);
      return;
    case 'train':
    case 'evaluate':
    case 'predict':
      throw new EngineError('internal', `The "${job.kind}" job is not available in this engine build yet.`);
  }
}
