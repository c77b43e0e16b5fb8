/**
 * A yauzl RandomAccessReader over a file descriptor that hashes the archive as a side effect of reading
 * it: bytes read in file order feed sha256 (small skipped gaps, such as an entry's name in its local
 * header, are read to fill in), so reading every entry in offset order hashes the zip almost for free.
 * `finish()` hashes whatever was not read that way (the central directory, or everything if the
 * entries were read out of order), so the result is always the sha256 of the whole file.
 */
import { createHash } from 'node:crypto';
import { read as fsRead, readSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';

const MAX_GAP = 64 * 1024;
const SMALL_READ = 4096;
const BLOCK = 256 * 1024;
const STREAM_CHUNK = 1024 * 1024;

export class HashingFileReader extends yauzl.RandomAccessReader {
  private cursor = 0;
  private readonly hash = createHash('sha256');
  private block: { pos: number; data: Buffer } | undefined;

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the stream's `this` is the stream
    const self = this;
    let pos = start;
    return new Readable({
      highWaterMark: STREAM_CHUNK,
      read: function (this: Readable) {
        if (pos >= end) return void this.push(null);
        const chunk = Buffer.allocUnsafe(Math.min(STREAM_CHUNK, end - pos));
        fsRead(self.fd, chunk, 0, chunk.length, pos, (err, bytesRead) => {
          if (err) return void this.destroy(err);
          if (bytesRead === 0) return void this.destroy(new Error('unexpected end of file'));
          const data = chunk.subarray(0, bytesRead);
          self.observe(pos, data);
          pos += bytesRead;
          this.push(data);
        });
      },
    });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    // yauzl reads bytesRead from the callback's second argument to detect a short read.
    const done = callback as (err: Error | null, n?: number) => void;
    const b = this.block;
    if (b && position >= b.pos && position + length <= b.pos + b.data.length) {
      b.data.copy(buffer, offset, position - b.pos, position - b.pos + length);
      setImmediate(() => done(null, length));
      return;
    }
    if (length > SMALL_READ) {
      fsRead(this.fd, buffer, offset, length, position, (err, bytesRead) => {
        if (!err) this.observe(position, buffer.subarray(offset, offset + bytesRead));
        done(err, bytesRead);
      });
      return;
    }
    // Small reads (central directory records, local headers) come in runs: read a block ahead once.
    const data = Buffer.allocUnsafe(Math.max(0, Math.min(BLOCK, this.size - position)));
    fsRead(this.fd, data, 0, data.length, position, (err, bytesRead) => {
      if (err) return done(err);
      this.block = { pos: position, data: data.subarray(0, bytesRead) };
      this.observe(position, this.block.data);
      const n = Math.min(length, bytesRead);
      data.copy(buffer, offset, 0, n);
      done(null, n);
    });
  }

  override close(callback: (err: Error | null) => void): void {
    // The descriptor belongs to the caller, who closes it after finish().
    setImmediate(() => callback(null));
  }

  private observe(pos: number, chunk: Buffer): void {
    if (pos > this.cursor && pos - this.cursor <= MAX_GAP) {
      const gap = Buffer.alloc(pos - this.cursor);
      const n = readSync(this.fd, gap, 0, gap.length, this.cursor);
      if (n !== gap.length) return;
      this.hash.update(gap);
      this.cursor = pos;
    }
    if (pos <= this.cursor && pos + chunk.length > this.cursor) {
      this.hash.update(chunk.subarray(this.cursor - pos));
      this.cursor = pos + chunk.length;
    }
  }

  /** The sha256 of the whole file, reading the part not yet hashed. */
  async finish(): Promise<string> {
    const buf = Buffer.alloc(1024 * 1024);
    while (this.cursor < this.size) {
      const { bytesRead } = await new Promise<{ bytesRead: number }>((resolve, reject) =>
        fsRead(this.fd, buf, 0, Math.min(buf.length, this.size - this.cursor), this.cursor, (err, n) => (err ? reject(err) : resolve({ bytesRead: n }))),
      );
      if (bytesRead === 0) break;
      this.hash.update(buf.subarray(0, bytesRead));
      this.cursor += bytesRead;
    }
    return this.hash.digest('hex');
  }
}

/** Opens a file for a HashingFileReader; the caller closes the handle. */
export async function openForReading(path: string): Promise<{ handle: fs.FileHandle; size: number; mtimeMs: number }> {
  const handle = await fs.open(path, 'r');
  const st = await handle.stat();
  return { handle, size: st.size, mtimeMs: st.mtimeMs };
}
