/**
 * A zip as a source (Kaggle's train.zip, Microsoft's PetImages zip, cats_and_dogs_filtered.zip): the
 * central directory is listed first (names only), then entries are streamed one at a time in file
 * order, never unpacked as a whole. Entry names are decoded here, not by yauzl, so that one unsafe or
 * odd entry is reported and skipped instead of aborting the whole archive.
 */
import { basename } from 'node:path';
import { crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';
import { EngineError } from '../../errors';
import type { PhotoProblem } from '../../../shared/protocol/engine';
import { classifyPath, unsafeArchivePath } from '../classify';
import { HashingFileReader, openForReading } from './hashingReader';
import { ItemProblem, MAX_PHOTO_BYTES, type OpenedSource, type SourceItem } from './types';

const ZIP_MAGIC = [0x04034b50, 0x06054b50, 0x08074b50];

function notAZip(path: string): EngineError {
  return new EngineError(
    'dataset',
    `${path} is not a zip file.`,
    "Give Kaggle's train.zip (or another zip of cat and dog photos), or a folder of photos. If the download was an HTML error page, download it again.",
    path,
  );
}

function damagedZip(path: string, detail: string): EngineError {
  return new EngineError(
    'dataset',
    `${path} is damaged or incomplete (${detail}).`,
    'The file was probably cut short while downloading or copying: download or copy it again. If it opens elsewhere, unzip it and give the folder instead.',
    path,
  );
}

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw ?? Buffer.from(String(entry.fileName));
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields ?? [], false);
}

export async function openZipSource(path: string): Promise<OpenedSource> {
  let opened: Awaited<ReturnType<typeof openForReading>>;
  try {
    opened = await openForReading(path);
  } catch (err) {
    throw new EngineError('io', `Cannot open ${path}: ${(err as Error).message}`, 'Check that the file exists and that you may read it.', path);
  }
  const { handle, size, mtimeMs } = opened;
  const reader = new HashingFileReader(handle.fd, size);
  let released: Promise<void> | undefined;
  const release = (): Promise<void> => (released ??= handle.close().catch(() => undefined));

  let zip: yauzl.ZipFile;
  const items: SourceItem[] = [];
  const entries = new Map<SourceItem, yauzl.Entry>();
  const ignored: PhotoProblem[] = [];
  const rejected: PhotoProblem[] = [];
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    const looksLikeZip = bytesRead === 4 && ZIP_MAGIC.includes(head.readUInt32LE(0));
    try {
      zip = await yauzl.fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
    } catch (err) {
      throw looksLikeZip ? damagedZip(path, (err as Error).message) : notAZip(path);
    }
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entryName(entry);
        if (name.endsWith('/') || name.endsWith('\\')) continue;
        const unsafe = unsafeArchivePath(name);
        if (unsafe) {
          rejected.push({ file: name, reason: unsafe });
          continue;
        }
        const c = classifyPath(name);
        if ('ignored' in c) {
          ignored.push({ file: name, reason: c.ignored });
          continue;
        }
        if (entry.isEncrypted()) {
          rejected.push({ file: name, reason: 'encrypted (password-protected) entry: unzip the archive with its password and give the folder instead' });
        } else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          rejected.push({ file: name, reason: `compressed with a method this tool cannot read (${entry.compressionMethod}): unzip it with another tool and give the folder` });
        } else if (entry.uncompressedSize > MAX_PHOTO_BYTES) {
          rejected.push({ file: name, reason: `too large for a photo (${Math.round(entry.uncompressedSize / 1e6)} MB)` });
        } else {
          const item: SourceItem = { original: name, cls: c.cls, size: entry.uncompressedSize };
          items.push(item);
          entries.set(item, entry);
        }
      }
    } catch (err) {
      throw damagedZip(path, (err as Error).message);
    }
  } catch (err) {
    await release();
    throw err;
  }
  items.sort((a, b) => entries.get(a)!.relativeOffsetOfLocalHeader - entries.get(b)!.relativeOffsetOfLocalHeader);

  const read = async (item: SourceItem): Promise<Buffer> => {
    const entry = entries.get(item)!;
    const chunks: Buffer[] = [];
    let filled = 0;
    try {
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream) {
        filled += (chunk as Buffer).length;
        if (filled > entry.uncompressedSize) throw new Error('entry is larger than its recorded size');
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      throw new ItemProblem(`cannot be read from the zip (${(err as Error).message})`);
    }
    if (filled !== entry.uncompressedSize) throw new ItemProblem(`cannot be read from the zip (${filled} of ${entry.uncompressedSize} bytes)`);
    // A stored entry arrives as one chunk: no copy needed.
    const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, filled);
    if (crc32(data) !== entry.crc32 >>> 0) throw new ItemProblem('damaged inside the zip (its checksum does not match)');
    return data;
  };

  return {
    kind: 'zip',
    path,
    items,
    ignored,
    rejected,
    facts: { size, mtimeMs },
    read,
    close: async () => {
      zip.close();
      try {
        return { size, mtimeMs, sha256: await reader.finish() };
      } finally {
        await release();
      }
    },
    dispose: async () => {
      zip.close(); // yauzl ignores a second call
      await release();
    },
  };
}

/** The Kaggle competition bundle holds train.zip and test1.zip: name that in the "nothing found" error. */
export function nestedZipHint(ignored: readonly PhotoProblem[]): string | undefined {
  const inner = ignored.map((p) => basename(p.file)).find((n) => /\.zip$/i.test(n));
  return inner ? `It holds another zip (${inner}): unzip the outer archive and give ${inner} instead.` : undefined;
}
