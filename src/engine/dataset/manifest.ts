/**
 * dataset.json: what a prepared dataset holds and how it was made, so a training run can say exactly
 * which data it used, and a second `prepare` can tell whether anything would change.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { PhotoProblem } from '../../shared/protocol/engine';
import { EngineError } from '../errors';
import { CLASSES, SPLITS, type ClassName, type SplitCounts, type SplitName } from './types';

export const MANIFEST_FILE = 'dataset.json';
export const MANIFEST_VERSION = 1;

export type SourceKind = 'zip' | 'folder' | 'download';

export interface ManifestSource {
  kind: SourceKind;
  /** Absolute path of the zip or folder; for a download, the archive in the download cache. */
  path: string;
  /** Where a download came from. */
  url?: string;
  /** Bytes: the archive, or every file in the folder. */
  size: number;
  /** sha256 of the archive (zip and download). */
  sha256?: string;
  /** The archive's modification time when it was read (lets a re-run skip hashing it again). */
  mtimeMs?: number;
  /** Folder: sha256 over every file's relative path, size and modification time. */
  fingerprint?: string;
}

export interface ManifestPhoto {
  split: SplitName;
  class: ClassName;
  /** Path inside the dataset folder, '/'-separated: "train/cats/cat.1.jpg". */
  file: string;
  /** Path inside the source: "train/cat.1.jpg", "PetImages/Cat/1.jpg". */
  original: string;
  sha256: string;
  bytes: number;
}

export interface DatasetManifest {
  version: number;
  tool: { name: string; version: string };
  createdAt: string;
  source: ManifestSource;
  seed: number;
  /** The ratios as given (70,15,15), train/validation/test. */
  split: [number, number, number];
  counts: SplitCounts;
  /** Photos hard-linked to the source rather than copied. */
  linked: number;
  photos: ManifestPhoto[];
  rejected: PhotoProblem[];
  ignored: { count: number; examples: PhotoProblem[] };
  stats: { seconds: number; photosPerSecond: number };
}

/** JSON with one photo per line: readable, diffable, and about a third the size of full indentation. */
export function formatManifest(m: DatasetManifest): string {
  const { photos, rejected, ...head } = m;
  const list = <T>(items: T[]): string => (items.length ? `[\n${items.map((p) => `    ${JSON.stringify(p)}`).join(',\n')}\n  ]` : '[]');
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${top},\n  "rejected": ${list(rejected)},\n  "photos": ${list(photos)}\n}\n`;
}

function damaged(path: string, what: string): EngineError {
  return new EngineError(
    'dataset',
    `The dataset manifest ${path} is damaged: ${what}.`,
    'Prepare the dataset again with "replace" (cats-dogs prepare ... --replace), or delete dataset.json if you laid the folder out by hand.',
    path,
  );
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses and checks a manifest's text; throws a clear EngineError naming what is wrong. */
export function parseManifest(text: string, path: string): DatasetManifest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw damaged(path, `it is not valid JSON (${(err as Error).message})`);
  }
  if (!isObj(v)) throw damaged(path, 'it is not a JSON object');
  if (!isNum(v.version)) throw damaged(path, '"version" is missing');
  if (v.version > MANIFEST_VERSION) {
    throw new EngineError('dataset', `${path} was written by a newer version of Cats vs Dogs Lab (manifest version ${v.version}).`, 'Update the extension or the cats-dogs tool.', path);
  }
  const src = v.source;
  if (!isObj(src) || typeof src.kind !== 'string' || typeof src.path !== 'string') throw damaged(path, '"source" is missing or incomplete');
  if (!isNum(v.seed)) throw damaged(path, '"seed" is missing');
  if (!Array.isArray(v.split) || v.split.length !== 3 || !v.split.every(isNum)) throw damaged(path, '"split" must be three numbers');
  if (!isObj(v.counts) || !SPLITS.every((s) => isObj((v as any).counts[s]) && CLASSES.every((c) => isNum((v as any).counts[s][c])))) {
    throw damaged(path, '"counts" must give cats and dogs for train, validation and test');
  }
  if (!Array.isArray(v.photos)) throw damaged(path, '"photos" is missing');
  v.photos.forEach((p, i) => {
    if (!isObj(p) || !SPLITS.includes(p.split as SplitName) || !CLASSES.includes(p.class as ClassName) || typeof p.file !== 'string' || typeof p.sha256 !== 'string' || !isNum(p.bytes)) {
      throw damaged(path, `photo #${i + 1} is incomplete`);
    }
  });
  if (!Array.isArray(v.rejected)) throw damaged(path, '"rejected" is missing');
  return v as unknown as DatasetManifest;
}

/** The manifest of a dataset folder, or undefined when it has none. Throws when it is damaged. */
export async function readManifest(dir: string): Promise<DatasetManifest | undefined> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new EngineError('io', `Cannot read ${path}: ${(err as Error).message}`, 'Check the file permissions.', path);
  }
  return parseManifest(text, path);
}
