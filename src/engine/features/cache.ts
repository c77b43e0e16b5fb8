/**
 * The feature cache: frozen-backbone outputs on disk, so experiments that change only the head (or
 * training settings) skip the backbone entirely after the first run.
 *
 * What is stored: the backbone's feature map BEFORE pooling, one row per photo, as float16. The head
 * applies pooling (Flatten, GAP, GMP), so every pooling choice shares the cache; keying on pooling
 * instead would store less for GAP (512 vs 8,192 values for VGG16 at 150 px) but recompute the
 * backbone for each pooling the lab tries, and the baseline is Flatten, which needs the full map
 * anyway. Size: VGG16 at 150 px gives 4x4x512 = 8,192 values = 16 KB a photo in float16, so
 * 25,000 photos take about 410 MB (820 MB as float32). float16 keeps ~3 significant digits (relative
 * error <= 2^-11), far below what changes a trained head's accuracy; hits and misses both go
 * through float16, so a run gives the same numbers whether its features were cached or not.
 *
 * Layout: <cacheDir>/features/<model-key>/
 *   meta.json                       the key's inputs, for people and for info()
 *   shard-<time>-<host>-<pid>-<rand>.bin        sealed shards (record.ts); the index is each shard's table
 *   shard-<time>-<host>-<pid>-<rand>.bin.tmp    a shard being written (ignored by readers)
 *
 * Concurrency: every writer appends to its own new shard and renames it into place when sealed
 * (fsynced first), and sealed shards are never modified. Two processes filling the same key therefore
 * never touch each other's files; at worst both compute some photos, and duplicates are harmless.
 * No lock is needed. Temporary shards of dead processes (same host, pid gone) or older than a day are
 * deleted when a key is opened.
 *
 * Trust: a shard whose header, trailer, size or table fails its checks is deleted when the key is
 * opened; every record is checked (marker, photo hash, crc32) on every read, and a bad one is
 * dropped from the index. Both become misses, recomputed and written to a new shard.
 * Shards are sealed every `maxShardBytes` (64 MB) or `sealAfterMs` (60 s), so a killed run loses at
 * most that much work.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { endianness, hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/node/atomicWrite';
import { testPausePoint } from '../../shared/node/testPause';
import { resolveCacheDir } from '../cache/paths';
import { EngineError } from '../errors';
import { featureModelKey, isModelKey, type FeatureKeySpec } from './key';
import {
  HASH_BYTES,
  KEY_DIGEST_BYTES,
  SHARD_FORMAT_VERSION,
  SHARD_HEADER_BYTES,
  TRAILER_BYTES,
  checkShardLayout,
  readRecord,
  readTable,
  recordBytes,
  shardHeader,
  shardTail,
  writeRecord,
} from './record';

export const FEATURES_DIR = 'features';
const META_FILE = 'meta.json';
const SHARD_NAME = /^shard-[0-9a-z]+-([0-9a-f]{8})-(\d+)-[0-9a-f]+\.bin$/;
const TEMP_NAME = /^shard-[0-9a-z]+-([0-9a-f]{8})-(\d+)-[0-9a-f]+\.bin\.tmp$/;
const STALE_TEMP_MS = 24 * 3600 * 1000;
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const HOST_ID = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

export interface FeatureCacheOptions {
  /** Seal a shard once it holds this many bytes (default 64 MB). */
  maxShardBytes?: number;
  /** Seal a shard once it is this old, so a killed run loses little (default 60 s). */
  sealAfterMs?: number;
}

export interface ModelCacheInfo {
  key: string;
  dir: string;
  /** Bytes on disk, temporary shards included. */
  bytes: number;
  /** Distinct photos with features. */
  entries: number;
  /** Records, duplicates included. */
  records: number;
  shards: number;
  /** Shards that fail their checks (deleted the next time the key is opened). */
  damagedShards: number;
  /** Shards being written, or left by a killed run. */
  tempFiles: number;
  /** What the key was made from (from meta.json). */
  spec?: FeatureKeySpec;
  /** When the newest shard was written. */
  lastWritten?: string;
}

export interface FeatureCacheInfo {
  /** <cacheDir>/features */
  dir: string;
  bytes: number;
  models: ModelCacheInfo[];
}

interface Meta {
  key: string;
  formatVersion: number;
  spec: FeatureKeySpec;
  created: string;
}

export function photoHashBytes(hex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new EngineError('internal', `"${hex}" is not a sha256 hex digest.`);
  return Buffer.from(hex, 'hex');
}

function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key).digest().subarray(0, KEY_DIGEST_BYTES);
}

function rowLengthOf(spec: FeatureKeySpec): number {
  return spec.featureShape.reduce((a, b) => a * b, 1);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
}

type ShardScan = { ok: true; hashes: Buffer[]; bytes: number } | { ok: false; reason: string; bytes: number };

/** Reads and checks a shard's header, trailer and table (not its records). */
async function scanShard(path: string, rowLength: number, digest: Buffer): Promise<ShardScan> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(path, 'r');
    const { size } = await handle.stat();
    const header = await readAt(handle, 0, SHARD_HEADER_BYTES);
    const trailer = await readAt(handle, Math.max(0, size - TRAILER_BYTES), TRAILER_BYTES);
    const layout = checkShardLayout(size, header, trailer, rowLength, digest);
    if (!layout.ok) return { ok: false, reason: layout.reason, bytes: size };
    const table = await readAt(handle, layout.tableOffset, layout.count * HASH_BYTES);
    const hashes = table.length === layout.count * HASH_BYTES ? readTable(table, trailer) : undefined;
    if (!hashes) return { ok: false, reason: 'index table checksum mismatch', bytes: size };
    return { ok: true, hashes, bytes: size };
  } catch (err) {
    return { ok: false, reason: (err as Error).message, bytes: 0 };
  } finally {
    await handle?.close();
  }
}

/** The feature cache under one cache folder: opens model keys, reports and clears. */
export class FeatureCache {
  /** <cacheDir>/features */
  readonly dir: string;

  constructor(cacheDir?: string, readonly options: FeatureCacheOptions = {}) {
    this.dir = join(resolveCacheDir(cacheDir), FEATURES_DIR);
  }

  modelDir(key: string): string {
    if (!isModelKey(key)) throw new EngineError('config', `"${key}" is not a feature cache model key.`, 'Use a key that `cats-dogs cache` lists.');
    return join(this.dir, key);
  }

  /** Opens (creating if needed) the cache for one backbone configuration. */
  async open(spec: FeatureKeySpec): Promise<ModelFeatureCache> {
    if (endianness() !== 'LE') throw new EngineError('internal', 'The feature cache needs a little-endian machine.');
    const key = featureModelKey(spec);
    const dir = this.modelDir(key);
    try {
      await fs.mkdir(dir, { recursive: true });
      const metaPath = join(dir, META_FILE);
      const meta: Meta = { key, formatVersion: SHARD_FORMAT_VERSION, spec: { ...spec, inputSize: [spec.inputSize[0], spec.inputSize[1]], featureShape: [...spec.featureShape] }, created: new Date().toISOString() };
      await fs.access(metaPath).catch(() => writeFileAtomic(metaPath, JSON.stringify(meta, null, 2) + '\n'));
    } catch (err) {
      throw new EngineError('io', `Cannot create the feature cache folder ${dir}: ${(err as Error).message}`, 'Check the cache folder setting (catsDogs.cacheFolder) and free disk space, or turn the feature cache off.', dir);
    }
    const cache = new ModelFeatureCache(key, dir, spec, this.options);
    try {
      await cache.load();
    } catch (err) {
      await cache.close();
      throw new EngineError('io', `Cannot read the feature cache in ${dir}: ${(err as Error).message}`, 'Check the cache folder setting (catsDogs.cacheFolder), or clear the feature cache.', dir);
    }
    return cache;
  }

  async info(): Promise<FeatureCacheInfo> {
    const models: ModelCacheInfo[] = [];
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (!isModelKey(name)) continue;
      models.push(await modelInfo(join(this.dir, name), name));
    }
    return { dir: this.dir, bytes: models.reduce((a, m) => a + m.bytes, 0), models };
  }

  /** Deletes every model key's features, or one key's. Returns the bytes freed. */
  async clear(key?: string): Promise<number> {
    const target = key === undefined ? this.dir : this.modelDir(key);
    const before = await this.info();
    const freed = key === undefined ? before.bytes : (before.models.find((m) => m.key === key)?.bytes ?? 0);
    try {
      await fs.rm(target, { recursive: true, force: true });
    } catch (err) {
      throw new EngineError('io', `Cannot delete ${target}: ${(err as Error).message}`, 'Close other runs that use the feature cache and try again.', target);
    }
    return freed;
  }
}

async function modelInfo(dir: string, key: string): Promise<ModelCacheInfo> {
  const info: ModelCacheInfo = { key, dir, bytes: 0, entries: 0, records: 0, shards: 0, damagedShards: 0, tempFiles: 0 };
  try {
    const meta = JSON.parse(await fs.readFile(join(dir, META_FILE), 'utf8')) as Meta;
    info.spec = meta.spec;
  } catch {
    // No or unreadable meta.json: shards are still counted (checked against their own header).
  }
  const digest = keyDigest(key);
  const seen = new Set<string>();
  let newest = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat?.isFile()) continue;
    info.bytes += stat.size;
    if (TEMP_NAME.test(name)) info.tempFiles++;
    if (!SHARD_NAME.test(name)) continue;
    const rowLength = info.spec ? rowLengthOf(info.spec) : await headerRowLength(path);
    const scan = await scanShard(path, rowLength, digest);
    if (!scan.ok) {
      info.damagedShards++;
      continue;
    }
    info.shards++;
    info.records += scan.hashes.length;
    for (const h of scan.hashes) seen.add(h.toString('hex'));
    newest = Math.max(newest, stat.mtimeMs);
  }
  info.entries = seen.size;
  if (newest) info.lastWritten = new Date(newest).toISOString();
  return info;
}

async function headerRowLength(path: string): Promise<number> {
  const handle = await fs.open(path, 'r');
  try {
    return (await readAt(handle, 0, SHARD_HEADER_BYTES)).readUInt32LE(8);
  } catch {
    return 0;
  } finally {
    await handle.close();
  }
}

interface Shard {
  name: string;
  path: string;
  handle?: Promise<FileHandle>;
}

interface Location {
  shard: Shard;
  record: number;
}

/** One model key's features: lookups, verified reads, and writers. */
export class ModelFeatureCache {
  readonly rowLength: number;
  readonly recordSize: number;
  /** Shards found damaged (and deleted) when the key was opened, with why. */
  readonly damaged: Array<{ name: string; reason: string }> = [];
  /** Records found damaged on read since the key was opened. */
  badRecords = 0;
  private readonly digest: Buffer;
  private readonly index = new Map<string, Location[]>();
  private readonly shards: Shard[] = [];
  private closed = false;

  constructor(
    readonly key: string,
    readonly dir: string,
    readonly spec: FeatureKeySpec,
    private readonly options: FeatureCacheOptions,
  ) {
    this.rowLength = rowLengthOf(spec);
    this.recordSize = recordBytes(this.rowLength);
    this.digest = keyDigest(key);
  }

  /** Distinct photos with (not yet disproved) features. */
  get entries(): number {
    return this.index.size;
  }

  has(photoHash: string): boolean {
    return this.index.has(photoHash);
  }

  /** Scans the folder: indexes sealed shards, deletes damaged ones and stale temporary ones. */
  async load(): Promise<void> {
    const names = (await fs.readdir(this.dir)).sort().reverse(); // newest first: they win on duplicates
    for (const name of names) {
      const path = join(this.dir, name);
      const temp = TEMP_NAME.exec(name);
      if (temp) {
        await this.removeIfStale(path, temp[1], Number(temp[2]));
        continue;
      }
      if (!SHARD_NAME.test(name)) continue;
      const scan = await scanShard(path, this.rowLength, this.digest);
      if (!scan.ok) {
        this.damaged.push({ name, reason: scan.reason });
        await fs.rm(path, { force: true }).catch(() => undefined);
        continue;
      }
      this.addShard(name, scan.hashes);
    }
  }

  private async removeIfStale(path: string, host: string, pid: number): Promise<void> {
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat) return;
    const old = Date.now() - stat.mtimeMs > STALE_TEMP_MS;
    const orphan = host === HOST_ID && pid !== process.pid && !isProcessAlive(pid);
    if (old || orphan) await fs.rm(path, { force: true }).catch(() => undefined);
  }

  /** Indexes a sealed shard (appending: earlier-indexed locations stay preferred). */
  addShard(name: string, hashes: readonly Uint8Array[]): void {
    const shard: Shard = { name, path: join(this.dir, name) };
    this.shards.push(shard);
    hashes.forEach((hash, record) => {
      const hex = Buffer.from(hash).toString('hex');
      const list = this.index.get(hex);
      if (list) list.push({ shard, record });
      else this.index.set(hex, [{ shard, record }]);
    });
  }

  private handle(shard: Shard): Promise<FileHandle> {
    if (this.closed) throw new EngineError('internal', 'The feature cache was closed.');
    if (!shard.handle) {
      shard.handle = fs.open(shard.path, 'r');
      shard.handle.catch(() => undefined); // observed by the reader
    }
    return shard.handle;
  }

  /**
   * The photo's features as float16 bits, checked. Copies into `into` at `offset` when given.
   * Returns undefined when the photo is not cached or every copy is damaged (those are dropped).
   */
  async readRow(photoHash: string, into?: Uint16Array, offset = 0): Promise<Uint16Array | undefined> {
    const locations = this.index.get(photoHash);
    if (!locations) return undefined;
    const expected = Buffer.from(photoHash, 'hex');
    while (locations.length > 0) {
      const location = locations[0];
      const { shard, record } = location;
      try {
        const handle = await this.handle(shard);
        const bytes = await readAt(handle, SHARD_HEADER_BYTES + record * this.recordSize, this.recordSize);
        const check = readRecord(bytes, 0, this.rowLength, expected);
        if (check.ok) {
          if (!into) return check.row;
          into.set(check.row, offset);
          return into.subarray(offset, offset + this.rowLength);
        }
      } catch (err) {
        if (err instanceof EngineError) throw err;
      }
      // Damaged or unreadable: never trust this copy again; try the next one.
      if (locations[0] === location) {
        this.badRecords++;
        locations.shift();
      }
    }
    this.index.delete(photoHash);
    return undefined;
  }

  /**
   * Reads and checks the rows of many photos with large sequential reads (shard by shard, in record
   * order, up to 4 MB a read): much faster than one read per photo. Calls `onRow` for each good row
   * (a view into a scratch buffer: copy it) and returns the hashes with no good copy.
   */
  async readMany(photoHashes: Iterable<string>, onRow: (photoHash: string, row: Uint16Array) => void, signal?: AbortSignal): Promise<string[]> {
    const missing: string[] = [];
    const retry: string[] = [];
    const byShard = new Map<Shard, Array<{ record: number; hash: string }>>();
    for (const hash of photoHashes) {
      const location = this.index.get(hash)?.[0];
      if (!location) {
        missing.push(hash);
        continue;
      }
      const wanted = byShard.get(location.shard);
      if (wanted) wanted.push({ record: location.record, hash });
      else byShard.set(location.shard, [{ record: location.record, hash }]);
    }
    const size = this.recordSize;
    for (const [shard, wanted] of byShard) {
      if (signal?.aborted) break;
      wanted.sort((a, b) => a.record - b.record);
      let handle: FileHandle;
      try {
        handle = await this.handle(shard);
      } catch (err) {
        if (err instanceof EngineError) throw err;
        retry.push(...wanted.map((w) => w.hash));
        continue;
      }
      for (let i = 0; i < wanted.length; ) {
        const first = wanted[i].record;
        let j = i;
        while (j + 1 < wanted.length && (wanted[j + 1].record - first + 1) * size <= READ_CHUNK_BYTES) j++;
        const bytes = await readAt(handle, SHARD_HEADER_BYTES + first * size, (wanted[j].record - first + 1) * size).catch(() => Buffer.alloc(0));
        for (let k = i; k <= j; k++) {
          const { record, hash } = wanted[k];
          const check = readRecord(bytes, (record - first) * size, this.rowLength, Buffer.from(hash, 'hex'));
          if (check.ok) onRow(hash, check.row);
          else retry.push(hash);
        }
        i = j + 1;
      }
    }
    // Damaged or unreadable copies: readRow drops them and tries any other copy.
    for (const hash of retry) {
      const row = await this.readRow(hash);
      if (row) onRow(hash, row);
      else missing.push(hash);
    }
    return missing;
  }

  createWriter(): FeatureWriter {
    return new FeatureWriter(this, this.digest, this.options);
  }

  async close(): Promise<void> {
    this.closed = true;
    const handles = this.shards.map((s) => s.handle).filter((h): h is Promise<FileHandle> => h !== undefined);
    this.shards.forEach((s) => (s.handle = undefined));
    await Promise.all(handles.map((h) => h.then((fh) => fh.close()).catch(() => undefined)));
  }
}

function writeError(dir: string, err: unknown): EngineError {
  return new EngineError('io', `Cannot write the feature cache in ${dir}: ${(err as Error).message}`, 'Free some disk space or choose another cache folder (catsDogs.cacheFolder).', dir);
}

interface OpenShard {
  handle: FileHandle;
  name: string;
  tempPath: string;
  header: Buffer;
  hashes: Buffer[];
  position: number;
  started: number;
}

/** Appends records to this writer's own shards; seals them by size, by age, and on close(). */
export class FeatureWriter {
  /** Records written (sealed or not). */
  written = 0;
  private current?: OpenShard;
  private readonly maxShardBytes: number;
  private readonly sealAfterMs: number;

  constructor(
    private readonly cache: ModelFeatureCache,
    private readonly digest: Buffer,
    options: FeatureCacheOptions,
  ) {
    this.maxShardBytes = options.maxShardBytes ?? 64 * 1024 * 1024;
    this.sealAfterMs = options.sealAfterMs ?? 60_000;
  }

  /** Appends one record per hash; `rows` holds hashes.length rows of float16 bits, back to back. */
  async append(photoHashes: readonly string[], rows: Uint16Array): Promise<void> {
    const n = photoHashes.length;
    const rowLength = this.cache.rowLength;
    if (rows.length < n * rowLength) throw new RangeError(`${n} rows need ${n * rowLength} values, got ${rows.length}.`);
    if (n === 0) return;
    const shard = this.current ?? (this.current = await this.startShard());
    const size = this.cache.recordSize;
    const bytes = Buffer.allocUnsafe(n * size);
    const hashes = photoHashes.map(photoHashBytes);
    hashes.forEach((hash, i) => writeRecord(bytes, i * size, hash, rows.subarray(i * rowLength, (i + 1) * rowLength)));
    try {
      await shard.handle.write(bytes, 0, bytes.length, shard.position);
    } catch (err) {
      this.current = undefined;
      await shard.handle.close().catch(() => undefined);
      await fs.rm(shard.tempPath, { force: true }).catch(() => undefined);
      throw writeError(this.cache.dir, err);
    }
    shard.position += bytes.length;
    shard.hashes.push(...hashes);
    this.written += n;
    testPausePoint('feature-append');
    if (shard.position >= this.maxShardBytes || Date.now() - shard.started >= this.sealAfterMs) await this.seal();
  }

  private async startShard(): Promise<OpenShard> {
    const name = `shard-${Date.now().toString(36)}-${HOST_ID}-${process.pid}-${randomBytes(4).toString('hex')}.bin`;
    const tempPath = join(this.cache.dir, `${name}.tmp`);
    const header = shardHeader(this.cache.rowLength, this.digest);
    let handle: FileHandle | undefined;
    try {
      await fs.mkdir(this.cache.dir, { recursive: true });
      handle = await fs.open(tempPath, 'wx');
      await handle.write(header, 0, header.length, 0);
    } catch (err) {
      await handle?.close().catch(() => undefined);
      await fs.rm(tempPath, { force: true }).catch(() => undefined);
      throw writeError(this.cache.dir, err);
    }
    return { handle, name, tempPath, header, hashes: [], position: header.length, started: Date.now() };
  }

  /** Writes the table and trailer, flushes, and renames the shard into place; then it is readable. */
  async seal(): Promise<void> {
    const shard = this.current;
    if (!shard) return;
    this.current = undefined;
    try {
      if (shard.hashes.length === 0) {
        await shard.handle.close();
        await fs.rm(shard.tempPath, { force: true });
        return;
      }
      const tail = shardTail(shard.hashes, shard.header);
      await shard.handle.write(tail, 0, tail.length, shard.position);
      await shard.handle.sync();
      await shard.handle.close();
      testPausePoint('feature-seal');
      await fs.rename(shard.tempPath, join(this.cache.dir, shard.name));
    } catch (err) {
      await shard.handle.close().catch(() => undefined);
      await fs.rm(shard.tempPath, { force: true }).catch(() => undefined);
      throw writeError(this.cache.dir, err);
    }
    this.cache.addShard(shard.name, shard.hashes);
  }

  /** Seals what was written. Call it in a finally: work done before a cancel or an error is kept. */
  async close(): Promise<void> {
    await this.seal();
  }
}
