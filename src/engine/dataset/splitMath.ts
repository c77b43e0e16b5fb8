/** How many photos of a class go to each split, and which ones. Pure. */
import { compareCodeUnits, seededShuffle } from './prng';
import { SPLITS, type SplitName } from './types';

export type Ratios = [number, number, number];

/** Problems with a split given by the user, or undefined when it is usable. */
export function checkRatios(ratios: readonly number[]): string | undefined {
  if (!Array.isArray(ratios) || ratios.length !== 3) return 'the split needs three numbers: train, validation and test (e.g. 70,15,15)';
  if (!ratios.every((r) => typeof r === 'number' && Number.isFinite(r) && r > 0)) return 'every part of the split must be a number above 0 (e.g. 70,15,15)';
  return undefined;
}

/** The ratios as fractions of 1 (70,15,15 and 0.7,0.15,0.15 give the same). */
export function normalizeRatios(ratios: readonly number[]): Ratios {
  const problem = checkRatios(ratios);
  if (problem) throw new RangeError(problem);
  const sum = ratios[0] + ratios[1] + ratios[2];
  return [ratios[0] / sum, ratios[1] / sum, ratios[2] / sum];
}

/**
 * Splits `n` photos by the ratios with the largest-remainder method: each split gets the floor of its
 * share, and the photos left over go to the splits with the largest fractions (ties: train, validation,
 * test). 1,000 at 70/15/15 gives exactly 700/150/150; the parts always add up to n.
 */
export function splitCounts(n: number, ratios: readonly number[]): [number, number, number] {
  const sum = ratios[0] + ratios[1] + ratios[2];
  const quotas = ratios.map((r) => (n * r) / sum);
  // The epsilon absorbs float noise such as 0.7 * 1000 = 699.9999999999999.
  const counts = quotas.map((q) => Math.floor(q + 1e-9));
  const order = [0, 1, 2].sort((a, b) => quotas[b] - counts[b] - (quotas[a] - counts[a]) || a - b);
  let left = n - counts[0] - counts[1] - counts[2];
  for (const i of order) {
    if (left <= 0) break;
    counts[i]++;
    left--;
  }
  return [counts[0], counts[1], counts[2]];
}

/**
 * Assigns names to splits: sort them, shuffle with the seed, then cut by `splitCounts`. The same names,
 * ratios and seed always give the same assignment, whatever order the names came in.
 */
export function assignSplits(names: readonly string[], ratios: readonly number[], seed: number): Record<SplitName, string[]> {
  const shuffled = seededShuffle([...names].sort(compareCodeUnits), seed);
  const [nTrain, nVal] = splitCounts(shuffled.length, ratios);
  const parts: Record<SplitName, string[]> = {
    train: shuffled.slice(0, nTrain),
    validation: shuffled.slice(nTrain, nTrain + nVal),
    test: shuffled.slice(nTrain + nVal),
  };
  for (const s of SPLITS) parts[s].sort(compareCodeUnits);
  return parts;
}

/** "70/15/15" for messages. */
export function formatRatios(ratios: readonly number[]): string {
  return ratios.map((r) => String(Number(r.toPrecision(6)))).join('/');
}
