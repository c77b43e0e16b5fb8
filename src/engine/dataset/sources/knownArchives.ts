/**
 * The well-known public archives of cat and dog photos that `prepare` can download by URL or by id.
 * No sha256 is published for either, so none is pinned here: the hash of what was downloaded is
 * recorded in the manifest instead, and a user who knows it can pass --sha256 to have it checked.
 */
export interface KnownArchive {
  id: string;
  title: string;
  url: string;
  /** File name in the download cache. */
  fileName: string;
  /** Approximate size, for messages before the server says. */
  approxBytes: number;
  sha256?: string;
}

export const KNOWN_ARCHIVES: readonly KnownArchive[] = [
  {
    id: 'microsoft-petimages',
    title: "Microsoft's Kaggle Cats and Dogs (PetImages/Cat, PetImages/Dog; about 25,000 photos, a few damaged)",
    url: 'https://download.microsoft.com/download/3/E/1/3E1C3F21-ECDB-4869-8368-6DEBA77B919F/kagglecatsanddogs_5340.zip',
    fileName: 'kagglecatsanddogs_5340.zip',
    approxBytes: 790_000_000,
  },
  {
    id: 'cats-and-dogs-filtered',
    title: "Google's cats_and_dogs_filtered (3,000 photos from the Kaggle set; re-split here)",
    url: 'https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip',
    fileName: 'cats_and_dogs_filtered.zip',
    approxBytes: 69_000_000,
  },
];

export function findKnownArchive(idOrUrl: string): KnownArchive | undefined {
  return KNOWN_ARCHIVES.find((a) => a.id === idOrUrl.toLowerCase() || a.url === idOrUrl);
}
