/** `cats-dogs cache`: where the per-user cache is, what it holds, and clearing the feature cache. */
import { runCacheJob } from '../../cache/cacheJob';
import type { CommandSpec, ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { eventPrinter } from './eventPrinter';

export const cacheSpec: CommandSpec = {
  name: 'cache',
  summary: [
    'Shows the per-user cache folder and its size: cached backbone features (one entry per backbone,',
    'input size, preprocessing and weights), downloaded weights and exported ONNX graphs. --clear deletes',
    'the feature cache (every entry, or the one --key names); runs recompute what they need.',
  ].join('\n'),
  flags: [
    { name: 'cache', type: 'string', valueName: 'DIR', description: 'Cache folder (default: $CATS_DOGS_CACHE, else the per-user cache).' },
    { name: 'clear', type: 'boolean', description: 'Delete cached features (do not run this while a training run uses them).' },
    { name: 'key', type: 'string', valueName: 'KEY', description: 'With --clear: only this entry (keys are listed without --clear).' },
    { name: 'json', type: 'boolean', description: 'Print the report as JSON.' },
  ],
  examples: ['cats-dogs cache', 'cats-dogs cache --clear', 'cats-dogs cache --clear --key vgg16-150x150-5c713c8d394dcfb2'],
};

export async function runCache(args: ParsedArgs, io: CliIo): Promise<number> {
  const key = args.flags.key as string | undefined;
  if (key !== undefined && args.flags.clear !== true) {
    io.stderr.write('cats-dogs cache: --key only goes with --clear.\n');
    return 2;
  }
  const printer = eventPrinter(io);
  await runCacheJob(
    { kind: 'cache', action: args.flags.clear === true ? 'clear' : 'info', key, cacheDir: args.flags.cache as string | undefined },
    {
      emit: (e) => {
        if (e.type === 'cache' && args.flags.json === true) io.stdout.write(JSON.stringify(e.freedBytes === undefined ? e.report : { ...e.report, freedBytes: e.freedBytes }, null, 2) + '\n');
        else printer.emit(e);
      },
      signal: io.signal,
    },
  );
  printer.done();
  return 0;
}
