/**
 * A run's predictions.csv (file,label,probability: every test photo, its true class, the model's
 * probability of "dog") read back for error analysis: which photos the model got wrong, worst first.
 */
import { splitCsv } from './csv';

export interface Prediction {
  /** Absolute path of the test photo. */
  file: string;
  label: 'cat' | 'dog';
  /** The model's probability that the photo shows a dog. */
  probability: number;
}

export interface Misclassified {
  file: string;
  label: 'cat' | 'dog';
  predicted: 'cat' | 'dog';
  /** The probability the model gave its (wrong) answer: 0.5 to 1, higher is worse. */
  confidence: number;
}

export const PREDICTIONS_HEADER = ['file', 'label', 'probability'];

export function parsePredictionsCsv(text: string): { predictions: Prediction[]; problems: Array<{ line: number; message: string }> } {
  const { records, error } = splitCsv(text.replace(/^\uFEFF/, ''));
  const problems: Array<{ line: number; message: string }> = error ? [error] : [];
  const header = records[0]?.fields.map((f) => f.trim());
  if (!header || PREDICTIONS_HEADER.some((h, i) => header[i] !== h)) {
    return { predictions: [], problems: [...problems, { line: 1, message: `the header is not ${PREDICTIONS_HEADER.join(',')}` }] };
  }
  const predictions: Prediction[] = [];
  for (const { line, fields } of records.slice(1)) {
    const [file, label, p] = fields;
    const probability = Number(p);
    if (!file || (label !== 'cat' && label !== 'dog') || p === undefined || p.trim() === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
      problems.push({ line, message: 'expected a file, cat or dog, and a probability from 0 to 1' });
      continue;
    }
    predictions.push({ file, label, probability });
  }
  return { predictions, problems };
}

/** The model's answer at the usual threshold of 0.5 (as the engine's accuracy counts it). */
export function predictedClass(probability: number): 'cat' | 'dog' {
  return probability >= 0.5 ? 'dog' : 'cat';
}

/** The wrongly classified photos, most confidently wrong first (ties by file name), at most `limit`. */
export function misclassified(predictions: readonly Prediction[], limit = Infinity): { items: Misclassified[]; total: number } {
  const wrong = predictions
    .filter((p) => predictedClass(p.probability) !== p.label)
    .map((p): Misclassified => {
      const predicted = predictedClass(p.probability);
      return { file: p.file, label: p.label, predicted, confidence: predicted === 'dog' ? p.probability : 1 - p.probability };
    })
    .sort((a, b) => b.confidence - a.confidence || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { items: wrong.slice(0, limit), total: wrong.length };
}
