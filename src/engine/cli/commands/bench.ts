/** `cats-dogs bench`: the engine's benchmark on this machine, printed as tables (see src/engine/bench/). */
import { join, resolve } from 'node:path';
import { BACKENDS, type BackendChoice, type EngineToHost } from '../../../shared/protocol/engine';
import { benchBackbones, matchesBackbone } from '../../bench/backboneSet';
import { formatReport } from '../../bench/table';
import { parseProbeRequest, runMemoryProbe } from '../../bench/memoryProbe';
import { runBench } from '../../bench/runBench';
import { resolveCacheDir } from '../../cache/paths';
import type { CommandSpec, ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { ProgressPrinter } from '../progress';

/** Where the shared folder keeps its photos and models. */
export const SHARED_ZIP_PATH = join('datasets', 'dogs-vs-cats-2000', 'train.zip');
export const SHARED_MODELS_PATH = 'models';

export const benchSpec: CommandSpec = {
  name: 'bench',
  summary: [
    'Measures this machine with real photos and prints tables: decode+resize photos/s; feature extraction',
    'photos/s per backbone with onnxruntime-node (alone and end to end) and TensorFlow.js on each backend;',
    'the baseline head trained on cached features versus recomputing the backbone every epoch; a whole',
    'warm-cache training run; peak memory and tensor counts. The first run fills the feature cache',
    '(VGG16 features of every photo), so it takes longer than the next ones.',
  ].join('\n'),
  flags: [
    { name: 'shared', type: 'string', valueName: 'DIR', description: `The shared folder: photos from DIR/${SHARED_ZIP_PATH}, MobileNet models from DIR/${SHARED_MODELS_PATH} (default: $CATS_DOGS_SHARED).` },
    { name: 'source', type: 'string', valueName: 'ZIP_OR_DIR', description: "Photos to prepare as a dataset (Kaggle's train.zip or a folder); kept in the cache folder for the next run." },
    { name: 'data', type: 'string', valueName: 'DIR', description: 'A prepared dataset (train/, validation/, test/) instead of --source.' },
    { name: 'models', type: 'string', valueName: 'DIR', description: 'Folder with mobilenet_v1_0.25_224/ and mobilenet_v1_0.75_224/ model.json (else random weights).' },
    { name: 'photos', type: 'number', valueName: 'N', description: 'Use about N photos, the same share of each split and class (default: all; --quick: 12).' },
    { name: 'backbones', type: 'string', valueName: 'LIST', description: 'Measure extraction only for these backbones, comma-separated (e.g. "VGG16,MobileNet 0.25"); default: MobileNet 0.25 and 0.75, VGG16, ResNet50, MobileNetV2.' },
    { name: 'backend', type: 'string', valueName: 'NAME', default: 'auto', description: `TensorFlow.js backend: auto, ${BACKENDS.join(', ')}. wasm and cpu are measured too.` },
    { name: 'software-gpu', type: 'boolean', description: 'Also measure WebGPU on a software renderer (llvmpipe; slow, checks the path only).' },
    { name: 'quick', type: 'boolean', description: 'A smoke run: few photos, one batch per measurement (every row, rates not meaningful).' },
    { name: 'cache', type: 'string', valueName: 'DIR', description: 'Cache folder (default: the per-user cache); the head experiment leaves VGG16 features there.' },
    { name: 'json', type: 'string', valueName: 'FILE', description: 'Also write every number to FILE as JSON.' },
    { name: 'probe', type: 'string', valueName: 'JSON', description: 'Internal: one memory probe in this process (bench runs these itself).' },
  ],
  examples: ['cats-dogs bench --shared ../shared', 'cats-dogs bench --source ~/Downloads/train.zip --photos 1000 --json bench.json', 'cats-dogs bench --shared ../shared --backend webgpu'],
};

export async function runBenchCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const backend = String(args.flags.backend);
  if (backend !== 'auto' && !(BACKENDS as readonly string[]).includes(backend)) {
    io.stderr.write(`cats-dogs bench: --backend ${backend} is not a backend; use auto, ${BACKENDS.join(', ')}.\n`);
    return 2;
  }
  const photos = args.flags.photos as number | undefined;
  if (photos !== undefined && (!Number.isInteger(photos) || photos < 4)) {
    io.stderr.write(`cats-dogs bench: --photos ${photos}: give a whole number of at least 4.\n`);
    return 2;
  }
  const backbones = args.flags.backbones === undefined ? undefined : String(args.flags.backbones).split(',').map((b) => b.trim()).filter(Boolean);
  const known = benchBackbones(undefined).map((b) => b.label);
  const unknown = backbones?.filter((b) => !known.some((label) => matchesBackbone(label, b)));
  if (backbones && (!backbones.length || unknown!.length)) {
    io.stderr.write(`cats-dogs bench: --backbones ${unknown?.join(', ') || '(empty)'}: use some of ${known.join(', ')}.\n`);
    return 2;
  }
  const shared = (args.flags.shared as string | undefined) ?? (args.flags.source || args.flags.data ? undefined : process.env.CATS_DOGS_SHARED);
  const models = (args.flags.models as string | undefined) ?? (shared ? join(shared, SHARED_MODELS_PATH) : undefined);
  const source = (args.flags.source as string | undefined) ?? (shared && !args.flags.data ? join(shared, SHARED_ZIP_PATH) : undefined);
  const cacheDir = resolveCacheDir(args.flags.cache as string | undefined);

  if (args.flags.probe !== undefined) {
    const request = parseProbeRequest(String(args.flags.probe));
    if (!request || !args.flags.data) {
      io.stderr.write('cats-dogs bench: --probe needs a request such as {"storage":"memory","photos":500,"epochs":2} and --data DIR.\n');
      return 2;
    }
    const result = await runMemoryProbe(request, { dataDir: resolve(String(args.flags.data)), modelsDir: models, cacheDir, backend: backend as BackendChoice, signal: io.signal });
    io.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }

  const printer = new ProgressPrinter(io.stderr);
  const emit = (e: EngineToHost): void => {
    if (e.type === 'progress') printer.progress(e);
    else if (e.type === 'log') printer.line(e.level === 'info' ? `bench: ${e.message}` : `${e.level}: ${e.message}`);
  };
  const report = await runBench(
    {
      quick: args.flags.quick === true,
      photos,
      backbones,
      backend: backend as BackendChoice,
      data: args.flags.data as string | undefined,
      source,
      models,
      cacheDir,
      json: args.flags.json as string | undefined,
      softwareGpu: args.flags['software-gpu'] === true,
    },
    { emit, signal: io.signal },
  );
  printer.clear(true);
  io.stdout.write(formatReport(report));
  return 0;
}
