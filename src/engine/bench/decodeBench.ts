/**
 * Decode+resize photos/s: the real pipeline (imageBatches with its default concurrency, sharp then
 * the Keras-matching bilinear resize), with nothing consuming the batches. This is the most photos/s
 * any extraction can reach when photos are decoded while it runs.
 */
import { defaultDecodeConcurrency } from '../images/decode';
import { imageBatches } from '../images/batches';
import { rateOf, timed } from './measure';
import type { DecodeRow } from './types';

const BATCH = 32;

async function decodeAll(files: readonly string[], size: number, signal: AbortSignal): Promise<number> {
  let photos = 0;
  for await (const batch of imageBatches(files, { size: [size, size], batchSize: BATCH, signal })) photos += batch.indices.length;
  return photos;
}

export async function benchDecode(files: readonly string[], sizes: readonly number[], signal: AbortSignal): Promise<DecodeRow[]> {
  await decodeAll(files.slice(0, 16), sizes[0], signal); // sharp's first-use setup, the files' first read
  const rows: DecodeRow[] = [];
  for (const size of sizes) {
    const { value: photos, seconds, cpuSeconds } = await timed(() => decodeAll(files, size, signal));
    rows.push({ size, concurrency: defaultDecodeConcurrency(), rate: rateOf(photos, seconds, `batches of ${BATCH}`, cpuSeconds) });
  }
  return rows;
}
