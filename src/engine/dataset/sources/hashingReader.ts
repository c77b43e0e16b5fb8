/**
 * A yauzl RandomAccessReader over a file descriptor that hashes the archive as a side effect of reading
 * it: bytes read in file order feed sha256 (small skipped gaps, such as an entry's name in its local
 * header, are read to fill in), so reading every entry in offset order hashes the zip almost for free.
 * `finish()` hashes whatever was not read that way (the central directory, or everything if the
 * entries were read out of order), so the result is always the sha256 of the whole file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, read as fsRead, readSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import * as yauzl from 'yauzl';

const MAX_GAP = 64 * 1024;

export class HashingFileReader extends yauzl.RandomAccessReader {
  private cursor = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const file = createReadStream('', { fd: this.fd, start, end: end - 1, autoClose: false, highWaterMark: 256 * 1024 });
    let pos = start;
    const tap = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.observe(pos, chunk);
        pos += chunk.length;
        cb(null, chunk);
      },
    });
    file.on('error', (err) => tap.destroy(err));
    return file.pipe(tap);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    fsRead(this.fd, buffer, offset, length, position, (err, bytesRead) => {
      if (!err) this.observe(position, buffer.subarray(offset, offset + bytesRead));
      // yauzl reads bytesRead from the callback's second argument to detect a short read.
      (callback as (err: Error | null, n?: number) => void)(err, bytesRead);
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
