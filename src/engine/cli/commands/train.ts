/** `cats-dogs train`: one training run from a config file, printed Keras-style. */
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseConfigText } from '../../../shared/config/parseConfigText';
import { BACKENDS, type BackendChoice, type TrainJob } from '../../../shared/protocol/engine';
import { EngineError } from '../../errors';
import { trainJob } from '../../training/trainJob';
import type { CommandSpec, ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { eventPrinter } from './eventPrinter';

export const trainSpec: CommandSpec = {
  name: 'train',
  summary: [
    'Trains the experiment described by a config file (the JSON the extension edits): the backbone, the',
    'head, the training settings. Writes a run folder (config, metrics.csv, summary.json, the model, a log)',
    'under RUNS/runs/ and a row in RUNS/results.csv, and ends with the test accuracy.',
  ].join('\n'),
  flags: [
    { name: 'config', type: 'string', valueName: 'FILE', required: true, description: 'The experiment config (JSON).' },
    { name: 'data', type: 'string', valueName: 'DIR', description: 'Dataset folder with train/, validation/, test/ (default: the config\'s "data").' },
    { name: 'runs', type: 'string', valueName: 'DIR', description: 'Experiments folder: run folders go to DIR/runs/, the row to DIR/results.csv (default: the config\'s folder).' },
    { name: 'backend', type: 'string', valueName: 'NAME', default: 'auto', description: `TensorFlow.js backend: auto, ${BACKENDS.join(', ')}.` },
    { name: 'cache', type: 'string', valueName: 'DIR', description: 'Cache folder for weights and features (default: the per-user cache).' },
  ],
  examples: ['cats-dogs train --config experiments/baseline.json', 'cats-dogs train --config experiments/gap.json --backend wasm --runs /tmp/lab'],
};

/** Reads and validates a config file; problems point at line and column. */
export async function readConfigFile(path: string): Promise<TrainJob['config']> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    throw new EngineError('config', `Cannot read the config ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`, 'Give the path of an experiment config, e.g. experiments/baseline.json.', path);
  }
  const { config, issues } = parseConfigText(text);
  if (!config) {
    const lines = issues.map((i) => `${path}${i.line ? `:${i.line}:${i.column}` : ''}: ${i.path ? `${i.path}: ` : ''}${i.message}`);
    throw new EngineError('config', `The config has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, 'Fix them and run again.', issues[0]?.path);
  }
  return config;
}

export async function runTrain(args: ParsedArgs, io: CliIo): Promise<number> {
  const backend = String(args.flags.backend);
  if (backend !== 'auto' && !(BACKENDS as readonly string[]).includes(backend)) {
    io.stderr.write(`cats-dogs train: --backend ${backend} is not a backend; use auto, ${BACKENDS.join(', ')}.\n`);
    return 2;
  }
  const configPath = resolve(String(args.flags.config));
  const config = await readConfigFile(configPath);
  const experimentsDir = resolve((args.flags.runs as string | undefined) ?? dirname(configPath));
  const job: TrainJob = {
    kind: 'train',
    configPath,
    config,
    dataDir: args.flags.data ? resolve(String(args.flags.data)) : undefined,
    experimentsDir,
    cacheDir: args.flags.cache as string | undefined,
    backend: backend as BackendChoice,
  };
  const printer = eventPrinter(io);
  try {
    return await trainJob(job, { emit: printer.emit, signal: io.signal });
  } finally {
    printer.done();
  }
}
