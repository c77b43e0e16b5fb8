/** `cats-dogs prepare`: the dataset from Kaggle's train.zip, a folder or a download. */
import type { EngineToHost, PrepareJob } from '../../../shared/protocol/engine';
import { DEFAULT_SEED, DEFAULT_SPLIT, KNOWN_ARCHIVES, prepareDataset, type PreparedSummary } from '../../dataset';
import { checkRatios } from '../../dataset/splitMath';
import { CLASSES, SPLITS } from '../../dataset/types';
import type { CommandSpec, ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { ProgressPrinter } from '../progress';

export const prepareSpec: CommandSpec = {
  name: 'prepare',
  summary: [
    'Builds DIR/{train,validation,test}/{cats,dogs} and DIR/dataset.json from Kaggle\'s train.zip (cat.N.jpg,',
    'dog.N.jpg), a folder (flat, or with cats/ and dogs/ or Cat/ and Dog/ subfolders), a zip laid out like',
    'that, or an https:// URL. Every photo is checked to decode; damaged ones are reported and left out.',
    `Known downloads: ${KNOWN_ARCHIVES.map((a) => a.id).join(', ')}.`,
  ].join('\n'),
  flags: [
    { name: 'source', type: 'string', valueName: 'ZIP_OR_DIR_OR_URL', required: true, description: 'Where the photos come from.' },
    { name: 'out', type: 'string', valueName: 'DIR', required: true, description: 'The dataset folder to create.' },
    { name: 'split', type: 'string', valueName: 'TRAIN,VAL,TEST', default: DEFAULT_SPLIT.join(','), description: 'Ratios of the three splits, per class.' },
    { name: 'seed', type: 'number', valueName: 'N', default: DEFAULT_SEED, description: 'Seed of the shuffle: the same seed gives the same split.' },
    { name: 'copy', type: 'boolean', description: 'Copy photos from a folder source instead of hard-linking them.' },
    { name: 'replace', type: 'boolean', description: 'Replace a dataset made with other settings or from another source.' },
    { name: 'sha256', type: 'string', valueName: 'HEX', description: 'Expected sha256 of the archive (checked before it is used).' },
    { name: 'cache', type: 'string', valueName: 'DIR', description: 'Cache folder for downloads (default: the per-user cache).' },
  ],
  examples: [
    'cats-dogs prepare --source ~/Downloads/train.zip --out cats_vs_dogs',
    'cats-dogs prepare --source PetImages --out cats_vs_dogs --split 80,10,10 --seed 7 --replace',
    'cats-dogs prepare --source cats-and-dogs-filtered --out cats_vs_dogs',
  ],
};

/** "70,15,15" (or 70/15/15, 0.7,0.15,0.15) as three ratios, or a message. */
export function parseSplit(text: string): [number, number, number] | { error: string } {
  const parts = text.split(/[,/:]/).map((p) => (p.trim() === '' ? NaN : Number(p)));
  const problem = checkRatios(parts);
  return problem ? { error: `--split ${text}: ${problem}` } : [parts[0], parts[1], parts[2]];
}

export function formatCounts(s: PreparedSummary['counts']): string {
  const rows = SPLITS.map((split) => `  ${split.padEnd(12)}${CLASSES.map((c) => String(s[split][c]).padStart(8)).join('')}${String(s[split].cats + s[split].dogs).padStart(8)}`);
  const total = CLASSES.map((c) => SPLITS.reduce((n, split) => n + s[split][c], 0));
  return [`  ${''.padEnd(12)}${'cats'.padStart(8)}${'dogs'.padStart(8)}${'total'.padStart(8)}`, ...rows, `  ${'all'.padEnd(12)}${total.map((n) => String(n).padStart(8)).join('')}${String(total[0] + total[1]).padStart(8)}`].join('\n');
}

export async function runPrepare(args: ParsedArgs, io: CliIo): Promise<number> {
  const split = parseSplit(String(args.flags.split));
  if ('error' in split) {
    io.stderr.write(`cats-dogs prepare: ${split.error}\n`);
    return 2;
  }
  const job: PrepareJob = {
    kind: 'prepare',
    source: String(args.flags.source),
    out: String(args.flags.out),
    split,
    seed: Number(args.flags.seed),
    copy: args.flags.copy === true,
    replace: args.flags.replace === true,
    sha256: args.flags.sha256 as string | undefined,
    cacheDir: args.flags.cache as string | undefined,
  };
  const printer = new ProgressPrinter(io.stderr);
  const emit = (e: EngineToHost): void => {
    if (e.type === 'progress') printer.progress(e);
    else if (e.type === 'log') printer.line(e.level === 'info' ? e.message : `${e.level}: ${e.message}`);
  };
  const s = await prepareDataset(job, { emit, signal: io.signal });
  printer.clear(true);
  const out = io.stdout;
  if (s.unchanged) {
    out.write(`Nothing to do: ${s.out} already holds this dataset (same source, seed and split).\n`);
  } else {
    out.write(`Dataset ready in ${s.out}: ${s.photos} photos in ${s.seconds.toFixed(1)} s (${s.photosPerSecond.toFixed(0)} photos/s checked).\n`);
  }
  out.write(`${formatCounts(s.counts)}\n`);
  if (s.ignored) out.write(`Ignored ${s.ignored} files that are no cat or dog photos by name or folder.\n`);
  if (s.rejected.length) {
    out.write(`Left out ${s.rejected.length} file(s) that cannot be used:\n`);
    for (const p of s.rejected.slice(0, 20)) out.write(`  ${p.file}: ${p.reason}\n`);
    if (s.rejected.length > 20) out.write(`  ... and ${s.rejected.length - 20} more (see "rejected" in ${s.manifestPath})\n`);
  }
  out.write(`Manifest: ${s.manifestPath}\n`);
  return 0;
}
