/** Pure metrics on predicted probabilities (dog = 1, cat = 0, as flow_from_directory orders classes). */
import type { ConfusionMatrix } from '../../shared/protocol/engine';

const EPS = 1e-7;

export function binaryCrossEntropy(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(Math.max(probs[i], EPS), 1 - EPS);
    sum += labels[i] === 1 ? -Math.log(p) : -Math.log(1 - p);
  }
  return probs.length ? sum / probs.length : NaN;
}

export function accuracy(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < probs.length; i++) if ((probs[i] >= 0.5 ? 1 : 0) === labels[i]) right++;
  return probs.length ? right / probs.length : NaN;
}

/** Rows: true class, columns: predicted class, both [cats, dogs]. */
export function confusionMatrix(probs: ArrayLike<number>, labels: ArrayLike<number>): ConfusionMatrix {
  const m: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < probs.length; i++) m[labels[i] === 1 ? 1 : 0][probs[i] >= 0.5 ? 1 : 0]++;
  return { labels: ['cats', 'dogs'], matrix: m };
}
