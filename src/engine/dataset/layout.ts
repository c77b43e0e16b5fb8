/**
 * Reading a prepared dataset for training and evaluation: the photo files of every split and class.
 * Folder names match without case (Train/Cats works), and cat/dog are accepted for cats/dogs.
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError } from '../errors';
import { isImageName } from './classify';
import { compareCodeUnits } from './prng';
import { CLASSES, SPLITS, type ClassName, type SplitName } from './types';

export { readManifest } from './manifest';

export type DatasetLayout = Record<SplitName, Record<ClassName, string[]>>;

const HINT = 'Prepare the dataset first ("Cats vs Dogs: Prepare Dataset", or cats-dogs prepare --source train.zip --out DIR), or point "data" at a folder with train/, validation/ and test/, each holding cats/ and dogs/.';

async function listDir(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EngineError('dataset', `The dataset folder ${dir} does not exist.`, HINT, dir);
    if (code === 'ENOTDIR') throw new EngineError('dataset', `${dir} is a file, not a dataset folder.`, HINT, dir);
    throw new EngineError('io', `Cannot read ${dir}: ${(err as Error).message}`, 'Check the folder permissions.', dir);
  }
}

/** The sub-folder of `dir` named one of `names` (any case), or undefined. */
async function findFolder(dir: string, names: readonly string[]): Promise<string | undefined> {
  const entries = await listDir(dir);
  const dirs = entries.filter((e) => e.isDirectory() || e.isSymbolicLink());
  for (const n of names) {
    const exact = dirs.find((e) => e.name === n);
    if (exact) return join(dir, exact.name);
  }
  const found = dirs.find((e) => names.includes(e.name.toLowerCase()));
  return found && join(dir, found.name);
}

/**
 * Every photo of the dataset in `dir` as absolute paths, sorted by code units, image files only
 * (jpg, jpeg, png, webp, bmp, gif, tif). Throws a clear EngineError for a missing folder or a split
 * and class without photos, naming which.
 */
export async function readDatasetLayout(dir: string): Promise<DatasetLayout> {
  const root = resolve(dir);
  const layout = {} as DatasetLayout;
  for (const split of SPLITS) {
    const splitDir = await findFolder(root, [split]);
    if (!splitDir) throw new EngineError('dataset', `The dataset folder ${root} has no ${split}/ folder.`, HINT, join(root, split));
    layout[split] = {} as Record<ClassName, string[]>;
    for (const cls of CLASSES) {
      const classDir = await findFolder(splitDir, [cls, cls.slice(0, -1)]);
      if (!classDir) throw new EngineError('dataset', `The dataset folder ${root} has no ${split}/${cls}/ folder.`, HINT, join(splitDir, cls));
      const files = (await listDir(classDir))
        .filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && isImageName(e.name))
        .map((e) => join(classDir, e.name))
        .sort(compareCodeUnits);
      if (files.length === 0) {
        throw new EngineError('dataset', `No ${cls.slice(0, -1)} photos in ${classDir}: the ${split} split needs both classes.`, HINT, classDir);
      }
      layout[split][cls] = files;
    }
  }
  return layout;
}
