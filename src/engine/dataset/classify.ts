/**
 * Which class a file in a source belongs to, from its folders or its name, and whether a path inside an
 * archive is safe to use at all. Pure: works on '/'-separated relative paths.
 */
import { IMAGE_EXTENSIONS, type ClassName } from './types';

export type Classification = { cls: ClassName } | { ignored: string };

const CLASS_FOLDER = /^(cat|dog)s?$/i;
// cat.1.jpg, dog_12.png, Cat-3.jpg, cats (4).jpg, dog12.jpg; not "category.jpg" or "dogma.png".
const CLASS_NAME = /^(cat|dog)s?(?=[._\-\s(]|\d)/i;

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(name));
}

function toClass(word: string): ClassName {
  return word.toLowerCase().startsWith('cat') ? 'cats' : 'dogs';
}

/**
 * Classifies a relative path: the nearest folder named cat/cats/dog/dogs (any case) decides, else the
 * file name (Kaggle's cat.N.jpg / dog.N.jpg). Hidden files, macOS resource forks and non-image files are
 * ignored with the reason why.
 */
export function classifyPath(relPath: string): Classification {
  const parts = relPath.split('/').filter((p) => p.length > 0);
  const base = parts[parts.length - 1] ?? '';
  if (parts.some((p) => p.startsWith('.') || p === '__MACOSX')) return { ignored: 'hidden or system file' };
  if (!isImageName(base)) return { ignored: 'not a photo file (by its extension)' };
  for (let i = parts.length - 2; i >= 0; i--) {
    if (CLASS_FOLDER.test(parts[i])) return { cls: toClass(parts[i]) };
  }
  const m = CLASS_NAME.exec(base);
  if (m) return { cls: toClass(m[1]) };
  return { ignored: 'name matches no class (expected cat.N.jpg / dog.N.jpg, or a cats/ or dogs/ folder)' };
}

/**
 * Why a path inside an archive must not be used (zip-slip and friends), or undefined when it is a plain
 * relative path. Backslashes count as separators, as Windows tools write them.
 */
export function unsafeArchivePath(name: string): string | undefined {
  if (name.length === 0) return 'empty name';
  if (name.includes('\0')) return 'name contains a NUL character';
  const p = name.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) return 'absolute path (would be written outside the target: zip-slip)';
  if (p.split('/').includes('..')) return 'path climbs out with ".." (would be written outside the target: zip-slip)';
  return undefined;
}
