import type { PhotoProblem } from '../../shared/protocol/engine';

export const CLASSES = ['cats', 'dogs'] as const;
export type ClassName = (typeof CLASSES)[number];

export const SPLITS = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

export type SplitCounts = Record<SplitName, Record<ClassName, number>>;

export const DEFAULT_SPLIT: [number, number, number] = [70, 15, 15];
export const DEFAULT_SEED = 42;

/** Extensions of the photo files the lab reads (lower case, with the dot). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.gif', '.tif', '.tiff'] as const;

/** What `prepareDataset` returns (the `prepared` event carries most of it). */
export interface PreparedSummary {
  /** Absolute dataset folder. */
  out: string;
  manifestPath: string;
  /** True when the folder already held this exact dataset and nothing was written. */
  unchanged: boolean;
  counts: SplitCounts;
  /** Photos in the dataset. */
  photos: number;
  rejected: PhotoProblem[];
  /** Files that are not cat or dog photos by name or folder (Thumbs.db, README, test1/...). */
  ignored: number;
  seconds: number;
  /** Photos checked per second (0 when unchanged). */
  photosPerSecond: number;
}
