/**
 * The Pareto front of runs in (training time, accuracy): a run is on the front when no other run is
 * at least as accurate and at least as fast, and strictly better in one of the two.
 */
export interface TradeoffPoint {
  accuracy: number;
  seconds: number;
}

/** The non-dominated points, fastest first. Points with a non-finite coordinate are ignored. */
export function paretoFront<T extends TradeoffPoint>(points: readonly T[]): T[] {
  const valid = points.filter((p) => Number.isFinite(p.accuracy) && Number.isFinite(p.seconds));
  const sorted = [...valid].sort((a, b) => a.seconds - b.seconds || b.accuracy - a.accuracy);
  const front: T[] = [];
  let bestAccuracy = -Infinity;
  let last: T | undefined;
  for (const p of sorted) {
    if (p.accuracy > bestAccuracy) {
      front.push(p);
      bestAccuracy = p.accuracy;
      last = p;
    } else if (last && p.accuracy === last.accuracy && p.seconds === last.seconds) {
      front.push(p); // an exact twin of a front point is not dominated either
    }
  }
  return front;
}

/** Whether `p` is dominated by some point of `points`. */
export function isDominated(p: TradeoffPoint, points: readonly TradeoffPoint[]): boolean {
  return points.some((q) => q.seconds <= p.seconds && q.accuracy >= p.accuracy && (q.seconds < p.seconds || q.accuracy > p.accuracy));
}
