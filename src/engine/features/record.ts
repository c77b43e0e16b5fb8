/**
 * The byte layout of a feature cache shard, as pure functions over Buffers (little-endian).
 *
 *   header   32 B   magic "CDFS", format version, row length (halves), record size, 16 B key digest
 *   records  n x R  each: magic "CDFR", 32 B photo sha256, crc32(hash + payload), payload (row x float16)
 *   table    n x 32 B  the photo hashes again, in record order (the shard's index)
 *   trailer  16 B   record count, crc32(table), crc32(header), magic "CDFE"
 *
 * A shard is written under a temporary name and renamed once sealed (trailer written, fsynced), so a
 * complete name always holds a complete shard; the checks below still catch truncation and bit rot:
 * a bad header, trailer, size or table discards the shard, and a bad record (checked on every read)
 * discards that record. Either way the photo counts as a miss and is recomputed.
 */
import { crc32 } from 'node:zlib';

export const SHARD_FORMAT_VERSION = 1;
export const SHARD_HEADER_BYTES = 32;
export const RECORD_HEADER_BYTES = 40;
export const TRAILER_BYTES = 16;
export const HASH_BYTES = 32;
export const KEY_DIGEST_BYTES = 16;

const SHARD_MAGIC = 0x53464443; // "CDFS" read as a little-endian u32
const RECORD_MAGIC = 0x52464443; // "CDFR"
const END_MAGIC = 0x45464443; // "CDFE"

export function recordBytes(rowLength: number): number {
  return RECORD_HEADER_BYTES + rowLength * 2;
}

export function shardHeader(rowLength: number, keyDigest: Uint8Array): Buffer {
  if (keyDigest.length !== KEY_DIGEST_BYTES) throw new RangeError(`The key digest must be ${KEY_DIGEST_BYTES} bytes.`);
  const b = Buffer.alloc(SHARD_HEADER_BYTES);
  b.writeUInt32LE(SHARD_MAGIC, 0);
  b.writeUInt32LE(SHARD_FORMAT_VERSION, 4);
  b.writeUInt32LE(rowLength, 8);
  b.writeUInt32LE(recordBytes(rowLength), 12);
  b.set(keyDigest, 16);
  return b;
}

function payloadBytes(row: Uint16Array): Buffer {
  return Buffer.from(row.buffer, row.byteOffset, row.byteLength);
}

function recordChecksum(hash: Uint8Array, payload: Uint8Array): number {
  return crc32(payload, crc32(hash));
}

/** Writes one record for `hash` (32 bytes) and `row` into `target` at `offset`. */
export function writeRecord(target: Buffer, offset: number, hash: Uint8Array, row: Uint16Array): void {
  if (hash.length !== HASH_BYTES) throw new RangeError(`A photo hash must be ${HASH_BYTES} bytes.`);
  const payload = payloadBytes(row);
  target.writeUInt32LE(RECORD_MAGIC, offset);
  target.set(hash, offset + 4);
  target.writeUInt32LE(recordChecksum(hash, payload), offset + 36);
  target.set(payload, offset + RECORD_HEADER_BYTES);
}

export type RecordCheck = { ok: true; row: Uint16Array } | { ok: false; reason: string };

/**
 * Checks the record at `offset` of `bytes` (magic, expected hash, checksum) and returns its row.
 * The row is a view of `bytes` when aligned, else a copy.
 */
export function readRecord(bytes: Buffer, offset: number, rowLength: number, expectedHash: Uint8Array): RecordCheck {
  const size = recordBytes(rowLength);
  if (offset + size > bytes.length) return { ok: false, reason: 'record truncated' };
  if (bytes.readUInt32LE(offset) !== RECORD_MAGIC) return { ok: false, reason: 'bad record marker' };
  const hash = bytes.subarray(offset + 4, offset + 36);
  if (!hash.equals(expectedHash)) return { ok: false, reason: 'record belongs to another photo' };
  const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, offset + size);
  if (bytes.readUInt32LE(offset + 36) !== recordChecksum(hash, payload)) return { ok: false, reason: 'record checksum mismatch' };
  const start = payload.byteOffset;
  const row = start % 2 === 0 ? new Uint16Array(payload.buffer, start, rowLength) : new Uint16Array(new Uint8Array(payload).buffer);
  return { ok: true, row };
}

/** The table and trailer that seal a shard of the records whose hashes are `hashes` (in order). */
export function shardTail(hashes: readonly Uint8Array[], header: Buffer): Buffer {
  const table = Buffer.alloc(hashes.length * HASH_BYTES);
  hashes.forEach((h, i) => table.set(h, i * HASH_BYTES));
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32LE(hashes.length, 0);
  trailer.writeUInt32LE(crc32(table), 4);
  trailer.writeUInt32LE(crc32(header), 8);
  trailer.writeUInt32LE(END_MAGIC, 12);
  return Buffer.concat([table, trailer]);
}

export type LayoutCheck = { ok: true; count: number; tableOffset: number } | { ok: false; reason: string };

/** Checks a shard's header and trailer against the file size and the expected row length and key. */
export function checkShardLayout(fileSize: number, header: Buffer, trailer: Buffer, rowLength: number, keyDigest: Uint8Array): LayoutCheck {
  if (fileSize < SHARD_HEADER_BYTES + TRAILER_BYTES || header.length < SHARD_HEADER_BYTES || trailer.length < TRAILER_BYTES) return { ok: false, reason: 'too short' };
  if (header.readUInt32LE(0) !== SHARD_MAGIC) return { ok: false, reason: 'not a feature shard' };
  if (header.readUInt32LE(4) !== SHARD_FORMAT_VERSION) return { ok: false, reason: `format version ${header.readUInt32LE(4)}` };
  if (header.readUInt32LE(8) !== rowLength || header.readUInt32LE(12) !== recordBytes(rowLength)) return { ok: false, reason: 'row length differs from the model key' };
  if (!header.subarray(16, 32).equals(keyDigest)) return { ok: false, reason: 'belongs to another model key' };
  if (trailer.readUInt32LE(12) !== END_MAGIC) return { ok: false, reason: 'not sealed (truncated or unfinished)' };
  if (trailer.readUInt32LE(8) !== crc32(header.subarray(0, SHARD_HEADER_BYTES))) return { ok: false, reason: 'header checksum mismatch' };
  const count = trailer.readUInt32LE(0);
  const expected = SHARD_HEADER_BYTES + count * (recordBytes(rowLength) + HASH_BYTES) + TRAILER_BYTES;
  if (expected !== fileSize) return { ok: false, reason: `size ${fileSize} B, expected ${expected} B for ${count} records` };
  return { ok: true, count, tableOffset: SHARD_HEADER_BYTES + count * recordBytes(rowLength) };
}

/** Checks the table against the trailer's checksum and splits it into hashes. */
export function readTable(table: Buffer, trailer: Buffer): Buffer[] | undefined {
  if (crc32(table) !== trailer.readUInt32LE(4)) return undefined;
  const hashes: Buffer[] = [];
  for (let off = 0; off < table.length; off += HASH_BYTES) hashes.push(table.subarray(off, off + HASH_BYTES));
  return hashes;
}
