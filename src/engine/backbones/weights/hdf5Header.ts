/**
 * A look at an HDF5 file's superblock before the HDF5 library opens it, so that a file that is not
 * HDF5 at all, or was cut short (an interrupted copy or download), gets a clear message instead of
 * the library's error stack.
 */
import { promises as fs } from 'node:fs';

const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

export type Hdf5HeaderCheck = { ok: true } | { ok: false; reason: 'not-hdf5' } | { ok: false; reason: 'truncated'; size: number; expected: number };

function readUint(buf: Buffer, offset: number, bytes: number): number | undefined {
  if (offset + bytes > buf.length) return undefined;
  if (bytes === 8) {
    const v = buf.readBigUInt64LE(offset);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
  }
  if (bytes === 4) return buf.readUInt32LE(offset);
  if (bytes === 2) return buf.readUInt16LE(offset);
  return undefined;
}

/** The end-of-file address the superblock records (relative to the base address), if it can be read. */
export function storedEndOfFile(header: Buffer): number | undefined {
  const version = header[8];
  if (version === 0 || version === 1) {
    const sizeOfOffsets = header[13];
    const start = version === 0 ? 24 : 28;
    const base = readUint(header, start, sizeOfOffsets);
    const eof = readUint(header, start + 2 * sizeOfOffsets, sizeOfOffsets);
    return base === undefined || eof === undefined ? undefined : base + eof;
  }
  if (version === 2 || version === 3) {
    const sizeOfOffsets = header[9];
    const base = readUint(header, 12, sizeOfOffsets);
    const eof = readUint(header, 12 + 2 * sizeOfOffsets, sizeOfOffsets);
    return base === undefined || eof === undefined ? undefined : base + eof;
  }
  return undefined;
}

/** Checks the signature (at 0, or after a user block of 512, 1024, 2048... bytes) and the recorded length. */
export async function checkHdf5Header(file: string): Promise<Hdf5HeaderCheck> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    for (let at = 0; at === 0 || at + SIGNATURE.length <= size; at = at === 0 ? 512 : at * 2) {
      const header = Buffer.alloc(96);
      const { bytesRead } = await handle.read(header, 0, header.length, at);
      if (bytesRead < SIGNATURE.length) break;
      if (!header.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
        if (at >= 1 << 20) break;
        continue;
      }
      // The base address is absolute and the end-of-file address relative to it.
      const expected = storedEndOfFile(header.subarray(0, bytesRead));
      if (expected !== undefined && size < expected) return { ok: false, reason: 'truncated', size, expected };
      return { ok: true };
    }
    return { ok: false, reason: 'not-hdf5' };
  } finally {
    await handle.close();
  }
}
