/** File-system errors turned into messages that say what to do. */
import { EngineError } from '../errors';

export function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** An EngineError for a failed write of `path` (inside the dataset being built in `where`). */
export function mapWriteError(err: unknown, path: string, where: string): EngineError {
  if (err instanceof EngineError) return err;
  const code = errnoCode(err);
  const detail = (err as Error)?.message ?? String(err);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new EngineError('io', `The disk is full: could not write ${path}.`, `Free some space on the drive that holds ${where} (the dataset needs about as much as the photos themselves), or choose another output folder. Nothing was left half-written.`, path);
    case 'EACCES':
    case 'EPERM':
      return new EngineError('io', `No permission to write ${path}.`, `Choose an output folder you can write to, or fix the permissions of ${where}.`, path);
    case 'EROFS':
      return new EngineError('io', `${where} is on a read-only drive.`, 'Choose an output folder on a writable drive.', path);
    case 'EMFILE':
    case 'ENFILE':
      return new EngineError('io', `Too many open files while writing ${path}.`, 'Close other programs or raise the open-file limit (ulimit -n), then try again.', path);
    case 'EBUSY':
      return new EngineError('io', `${path} is in use by another program.`, 'Close the program that holds it (an image viewer, a terminal inside the folder) and try again.', path);
    case 'ENAMETOOLONG':
      return new EngineError('io', `The path ${path} is too long for this file system.`, 'Choose an output folder with a shorter path.', path);
    default:
      return new EngineError('io', `Could not write ${path}: ${detail}`, 'Check the output folder and the free disk space, then try again.', path);
  }
}
