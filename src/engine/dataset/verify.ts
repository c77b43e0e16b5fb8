/** Whether a dataset folder still holds exactly the photos its manifest lists (names and sizes). */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { DatasetManifest } from './manifest';
import { CLASSES, SPLITS } from './types';

/** Problems found, in words; empty when the folder matches. Cheap: listings and sizes, no hashing. */
export async function verifyDataset(dir: string, manifest: DatasetManifest): Promise<string[]> {
  const expected = new Map(manifest.photos.map((p) => [p.file, p.bytes]));
  const problems: string[] = [];
  const changed: string[] = [];
  const extra: string[] = [];
  for (const split of SPLITS) {
    for (const cls of CLASSES) {
      const rel = `${split}/${cls}`;
      let names: string[];
      try {
        names = await fs.readdir(join(dir, split, cls));
      } catch {
        if ([...expected.keys()].some((f) => f.startsWith(`${rel}/`))) problems.push(`${rel}/ is missing`);
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue;
        const file = `${rel}/${name}`;
        const bytes = expected.get(file);
        if (bytes === undefined) {
          extra.push(file);
          continue;
        }
        expected.delete(file);
        const st = await fs.stat(join(dir, file)).catch(() => undefined);
        if (!st || st.size !== bytes) changed.push(file);
      }
    }
  }
  const missing = [...expected.keys()];
  const some = (list: string[]): string => list.slice(0, 3).join(', ') + (list.length > 3 ? ', ...' : '');
  if (missing.length) problems.push(`${missing.length} photo(s) missing (${some(missing)})`);
  if (changed.length) problems.push(`${changed.length} photo(s) changed (${some(changed)})`);
  if (extra.length) problems.push(`${extra.length} file(s) not in the manifest (${some(extra)})`);
  return problems;
}
