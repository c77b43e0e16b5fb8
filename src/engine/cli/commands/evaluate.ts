/** `cats-dogs evaluate` and `cats-dogs predict`: a trained run on other photos. */
import { resolve } from 'node:path';
import { BACKENDS, type BackendChoice } from '../../../shared/protocol/engine';
import { formatPercent } from '../../../shared/format/kerasLog';
import { evaluateJob, predictJob } from '../../training/predictJob';
import type { CommandSpec, ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { eventPrinter } from './eventPrinter';

const common = [
  { name: 'run', type: 'string' as const, valueName: 'RUN_DIR', required: true, description: 'A run folder (experiments/runs/<run>).' },
  { name: 'backend', type: 'string' as const, valueName: 'NAME', default: 'auto', description: `TensorFlow.js backend: auto, ${BACKENDS.join(', ')}.` },
  { name: 'cache', type: 'string' as const, valueName: 'DIR', description: 'Cache folder for weights (default: the per-user cache).' },
];

export const evaluateSpec: CommandSpec = {
  name: 'evaluate',
  summary: 'Measures a trained run on a folder of photos sorted into cats/ and dogs/; prints the accuracy.',
  flags: [...common, { name: 'data', type: 'string', valueName: 'DIR', required: true, description: 'A folder holding cats/ and dogs/ (e.g. cats_vs_dogs/test).' }],
  examples: ['cats-dogs evaluate --run experiments/runs/2026-11-27_10-00-00_baseline --data cats_vs_dogs/test'],
};

export const predictSpec: CommandSpec = {
  name: 'predict',
  summary: 'Classifies photos with a trained run: one line per photo with its label and probability.',
  flags: common,
  positionals: [{ name: 'IMAGE', description: 'Photos to classify.', required: true, variadic: true }],
  examples: ['cats-dogs predict --run experiments/runs/2026-11-27_10-00-00_baseline my-cat.jpg'],
};

function backendOf(args: ParsedArgs): BackendChoice {
  return String(args.flags.backend) as BackendChoice;
}

export async function runEvaluate(args: ParsedArgs, io: CliIo): Promise<number> {
  const printer = eventPrinter(io);
  let acc: number | undefined;
  await evaluateJob(
    { kind: 'evaluate', runDir: resolve(String(args.flags.run)), dataDir: resolve(String(args.flags.data)), backend: backendOf(args), cacheDir: args.flags.cache as string | undefined },
    {
      emit: (e) => {
        if (e.type === 'finished' && e.test) {
          acc = e.test.acc;
          const [[tn, fp], [fn, tp]] = e.test.confusion.matrix;
          printer.done();
          io.stdout.write(`Loss: ${e.test.loss.toFixed(4)}\nConfusion matrix (rows true, columns predicted; cats, dogs): [[${tn}, ${fp}], [${fn}, ${tp}]]\n`);
          return;
        }
        printer.emit(e);
      },
      signal: io.signal,
    },
  );
  printer.done();
  io.stdout.write(`Accuracy: ${formatPercent(acc ?? NaN)}\n`);
  return 0;
}

export async function runPredict(args: ParsedArgs, io: CliIo): Promise<number> {
  const printer = eventPrinter(io);
  let failed = 0;
  await predictJob(
    { kind: 'predict', runDir: resolve(String(args.flags.run)), images: args.positionals.map((p) => resolve(p)), backend: backendOf(args), cacheDir: args.flags.cache as string | undefined },
    {
      emit: (e) => {
        if (e.type === 'finished') return;
        if (e.type === 'predictions') failed = e.predictions.filter((p) => 'error' in p).length;
        printer.emit(e);
      },
      signal: io.signal,
    },
  );
  printer.done();
  return failed > 0 ? 1 : 0;
}
