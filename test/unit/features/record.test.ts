import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import {
  HASH_BYTES,
  SHARD_HEADER_BYTES,
  TRAILER_BYTES,
  checkShardLayout,
  readRecord,
  readTable,
  recordBytes,
  shardHeader,
  shardTail,
  writeRecord,
} from '../../../src/engine/features/record';

const hash = (s: string): Buffer => createHash('sha256').update(s).digest();
const digest = hash('key').subarray(0, 16);
const ROW = 5;

function row(seed: number): Uint16Array {
  return Uint16Array.from({ length: ROW }, (_, i) => (seed * 31 + i * 7) & 0xffff);
}

/** A whole shard of `n` records, as the writer lays it out. */
function shard(n: number): { bytes: Buffer; hashes: Buffer[] } {
  const header = shardHeader(ROW, digest);
  const hashes = Array.from({ length: n }, (_, i) => hash(`photo${i}`));
  const records = Buffer.alloc(n * recordBytes(ROW));
  hashes.forEach((h, i) => writeRecord(records, i * recordBytes(ROW), h, row(i)));
  return { bytes: Buffer.concat([header, records, shardTail(hashes, header)]), hashes };
}

function layout(bytes: Buffer) {
  return checkShardLayout(bytes.length, bytes.subarray(0, SHARD_HEADER_BYTES), bytes.subarray(Math.max(0, bytes.length - TRAILER_BYTES)), ROW, digest);
}

/** What a reader checks before trusting a shard's index: the layout, then the table's checksum. */
function trusted(bytes: Buffer): boolean {
  const check = layout(bytes);
  if (!check.ok) return false;
  return readTable(bytes.subarray(check.tableOffset, check.tableOffset + check.count * HASH_BYTES), bytes.subarray(bytes.length - TRAILER_BYTES)) !== undefined;
}

describe('feature shard records', () => {
  it('reads back what was written', () => {
    const { bytes, hashes } = shard(3);
    const check = layout(bytes);
    assert.ok(check.ok);
    assert.equal(check.count, 3);
    const table = bytes.subarray(check.tableOffset, check.tableOffset + 3 * HASH_BYTES);
    const listed = readTable(table, bytes.subarray(bytes.length - TRAILER_BYTES));
    assert.deepEqual(listed?.map((h) => h.toString('hex')), hashes.map((h) => h.toString('hex')));
    hashes.forEach((h, i) => {
      const r = readRecord(bytes, SHARD_HEADER_BYTES + i * recordBytes(ROW), ROW, h);
      assert.ok(r.ok);
      assert.deepEqual([...r.row], [...row(i)]);
    });
  });

  it('detects a flipped bit anywhere in a record', () => {
    const { bytes, hashes } = shard(1);
    for (let offset = 0; offset < recordBytes(ROW); offset++) {
      const copy = Buffer.from(bytes);
      copy[SHARD_HEADER_BYTES + offset] ^= 0x10;
      const r = readRecord(copy, SHARD_HEADER_BYTES, ROW, hashes[0]);
      assert.equal(r.ok, false, `flip at record byte ${offset}`);
    }
  });

  it('refuses a record asked for under another photo hash, and a truncated record', () => {
    const { bytes, hashes } = shard(2);
    const other = readRecord(bytes, SHARD_HEADER_BYTES, ROW, hashes[1]);
    assert.deepEqual(other, { ok: false, reason: 'record belongs to another photo' });
    const short = readRecord(bytes.subarray(0, SHARD_HEADER_BYTES + recordBytes(ROW) - 1), SHARD_HEADER_BYTES, ROW, hashes[0]);
    assert.equal(short.ok, false);
  });

  it('copies rows that sit at an odd offset', () => {
    const { bytes, hashes } = shard(1);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const r = readRecord(shifted, SHARD_HEADER_BYTES + 1, ROW, hashes[0]);
    assert.ok(r.ok);
    assert.deepEqual([...r.row], [...row(0)]);
  });

  it('detects truncation, extension, a foreign key, another row length and damaged headers or tables', () => {
    const { bytes } = shard(4);
    assert.equal(layout(bytes.subarray(0, bytes.length - 1)).ok, false, 'truncated by one byte');
    assert.equal(layout(bytes.subarray(0, SHARD_HEADER_BYTES + 10)).ok, false, 'cut inside the records');
    assert.equal(layout(Buffer.concat([bytes, Buffer.alloc(3)])).ok, false, 'garbage appended');
    assert.equal(layout(Buffer.alloc(0)).ok, false, 'empty');
    const foreign = checkShardLayout(bytes.length, bytes.subarray(0, 32), bytes.subarray(bytes.length - 16), ROW, hash('other').subarray(0, 16));
    assert.equal(foreign.ok, false);
    const widths = checkShardLayout(bytes.length, bytes.subarray(0, 32), bytes.subarray(bytes.length - 16), ROW + 1, digest);
    assert.equal(widths.ok, false);
    assert.ok(trusted(bytes));
    const tableStart = bytes.length - TRAILER_BYTES - 4 * HASH_BYTES;
    for (const offset of [0, 4, 8, 12, 20, tableStart, tableStart + 100, bytes.length - 16, bytes.length - 12, bytes.length - 8, bytes.length - 1]) {
      const copy = Buffer.from(bytes);
      copy[offset] ^= 0x01;
      assert.equal(trusted(copy), false, `flip at byte ${offset}`);
    }
    const check = layout(bytes);
    assert.ok(check.ok);
    const table = Buffer.from(bytes.subarray(check.tableOffset, check.tableOffset + 4 * HASH_BYTES));
    table[70] ^= 0x40;
    assert.equal(readTable(table, bytes.subarray(bytes.length - 16)), undefined);
  });

  it('seals an empty shard consistently', () => {
    const header = shardHeader(ROW, digest);
    const bytes = Buffer.concat([header, shardTail([], header)]);
    const check = layout(bytes);
    assert.ok(check.ok);
    assert.equal(check.count, 0);
  });
});
