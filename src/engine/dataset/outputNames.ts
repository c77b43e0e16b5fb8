/**
 * Output file names: the source's own base name (Kaggle's cat.123.jpg stays cat.123.jpg), made unique
 * within its class folder when two sources files share a name. Pure and deterministic: the order of the
 * input does not matter, only the set of paths.
 */
import { compareCodeUnits } from './prng';
import type { ClassName } from './types';

export interface NamedItem {
  /** The path inside the source, unique per item. */
  original: string;
  cls: ClassName;
}

/** A base name that is safe on Windows, macOS and Linux. */
export function safeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[<>:"|?*\\/\x00-\x1f]/g, '_')
    .replace(/[. ]+$/, '');
  return cleaned.length > 0 && cleaned !== '.' && cleaned !== '..' ? cleaned : 'photo';
}

function splitExt(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/**
 * Maps each item's `original` to its output name. Items are taken in code-unit order of their path; the
 * first keeps its name, later ones get "-2", "-3"... before the extension. Names are compared without
 * case, so the result also works on case-insensitive file systems.
 */
export function assignOutputNames(items: readonly NamedItem[]): Map<string, string> {
  const sorted = [...items].sort((a, b) => compareCodeUnits(a.original, b.original));
  const taken: Record<ClassName, Set<string>> = { cats: new Set(), dogs: new Set() };
  const names = new Map<string, string>();
  for (const item of sorted) {
    const base = safeFileName(item.original.slice(item.original.replace(/\\/g, '/').lastIndexOf('/') + 1));
    const [stem, ext] = splitExt(base);
    let name = base;
    for (let k = 2; taken[item.cls].has(name.toLowerCase()); k++) name = `${stem}-${k}${ext}`;
    taken[item.cls].add(name.toLowerCase());
    names.set(item.original, name);
  }
  return names;
}
