/**
 * Seeded shuffles for splitting: the same seed gives the same order on every machine and Node version,
 * which Math.random never promises.
 */
import { mulberry32, shuffleInPlace } from '../util/random';

export { mulberry32 };

/** A shuffled copy of `items`; the input is left as it is. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  return shuffleInPlace(items.slice(), mulberry32(seed));
}

/**
 * A seed for one purpose derived from the user's seed (FNV-1a over the label), so that the cats and
 * the dogs are not shuffled by the very same sequence.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Sorts by UTF-16 code units: the same order everywhere, unlike localeCompare. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
