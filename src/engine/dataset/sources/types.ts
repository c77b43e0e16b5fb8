import type { PhotoProblem } from '../../../shared/protocol/engine';
import type { ClassName } from '../types';

/** One candidate photo in a source. */
export interface SourceItem {
  /** Path inside the source, '/'-separated: what reports and the manifest call it. */
  original: string;
  cls: ClassName;
  /** Bytes (uncompressed, for a zip entry). */
  size: number;
  /** Folder sources: the file itself, which may be hard-linked rather than copied. */
  filePath?: string;
}

/** What is known about a whole source once it has been read. */
export interface SourceFacts {
  size: number;
  sha256?: string;
  mtimeMs?: number;
  fingerprint?: string;
}

/** A zip or a folder, listed and ready to be read photo by photo. */
export interface OpenedSource {
  kind: 'zip' | 'folder';
  /** Absolute path of the zip or folder. */
  path: string;
  /** Candidates in the order they are best read (a zip's entries by offset). */
  items: SourceItem[];
  /** Files that are no cat or dog photo by name or folder. */
  ignored: PhotoProblem[];
  /** Entries found unusable from the listing alone (zip-slip, encrypted, too large). */
  rejected: PhotoProblem[];
  /** What is known before reading (size, modification time, a folder's fingerprint). */
  facts: SourceFacts;
  /** Reads one item; call one at a time, in `items` order. Throws ItemProblem for a bad item. */
  read(item: SourceItem): Promise<Buffer>;
  /** Ends reading and tells what was learnt about the source (a zip: its hash). Call once. */
  close(): Promise<SourceFacts>;
  /** Lets go of the source without finishing anything (after an error); safe after close(). */
  dispose(): Promise<void>;
}

/** One item cannot be read (the rest can): it goes to the rejected list with this reason. */
export class ItemProblem extends Error {}

/** Photos larger than this are refused (a zip bomb or not a photo at all). */
export const MAX_PHOTO_BYTES = 64 * 1024 * 1024;
