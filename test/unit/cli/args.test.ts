import { strict as assert } from 'node:assert';
import { formatHelp, parseArgs, type CommandSpec } from '../../../src/engine/cli/args';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'A demo command.',
  flags: [
    { name: 'source', type: 'string', valueName: 'PATH', required: true, description: 'Where from.' },
    { name: 'seed', type: 'number', valueName: 'N', default: 42, description: 'Seed.' },
    { name: 'lr', type: 'number', description: 'Learning rate.' },
    { name: 'copy', type: 'boolean', description: 'Copy.' },
    { name: 'tag', type: 'string', repeatable: true, alias: 't', description: 'Tags.' },
  ],
  positionals: [{ name: 'IMAGE', description: 'Images.', variadic: true }],
  examples: ['cats-dogs demo --source x'],
};

const ok = (argv: string[]) => {
  const r = parseArgs(spec, argv);
  if (r.kind !== 'ok') assert.fail(`expected ok, got ${JSON.stringify(r)}`);
  return r;
};
const err = (argv: string[]): string => {
  const r = parseArgs(spec, argv);
  if (r.kind !== 'error') assert.fail(`expected an error, got ${JSON.stringify(r)}`);
  return r.message;
};

describe('cli/args', () => {
  it('parses values in both forms, booleans, defaults and positionals', () => {
    const r = ok(['--source', 'a.zip', '--seed=7', '--copy', 'x.jpg', '-t', 'one', '--tag=two', 'y.jpg']);
    assert.deepEqual(r.flags, { source: 'a.zip', seed: 7, copy: true, tag: ['one', 'two'] });
    assert.deepEqual(r.positionals, ['x.jpg', 'y.jpg']);
    assert.equal(ok(['--source', 'a']).flags.seed, 42);
    assert.equal(ok(['--source', 'a', '--no-copy']).flags.copy, false);
    assert.equal(ok(['--source', 'a', '--copy=false']).flags.copy, false);
    assert.equal(ok(['--source', 'a', '--lr', '-1e-5']).flags.lr, -1e-5);
    assert.deepEqual(ok(['--source', 'a', '--', '--not-a-flag']).positionals, ['--not-a-flag']);
    assert.equal(ok(['--source=--odd']).flags.source, '--odd');
  });

  it('explains mistakes', () => {
    assert.equal(err([]), 'missing --source PATH');
    assert.match(err(['--sorce', 'a']), /unknown option --sorce \(did you mean --source\?\)/);
    assert.match(err(['--source']), /--source needs a value/);
    assert.match(err(['--source', '--copy']), /--source needs a value/);
    assert.match(err(['--source', 'a', '--seed', 'abc']), /--seed expects a number, got "abc"/);
    assert.match(err(['--source', 'a', '--seed', '']), /expects a number/);
    assert.match(err(['--source', 'a', '--copy=maybe']), /true or false/);
    assert.match(err(['--source', 'a', '--source', 'b']), /given twice/);
    assert.match(err(['--source', 'a', '-x']), /unknown option -x/);
  });

  it('--help wins over everything else', () => {
    assert.equal(parseArgs(spec, ['--sorce', '--help']).kind, 'help');
    assert.equal(parseArgs(spec, ['--source', 'a', '--', '--help']).kind, 'ok');
    assert.equal(parseArgs(spec, ['-h']).kind, 'help');
    assert.equal(parseArgs(spec, ['--source', 'a', '--help']).kind, 'help');
  });

  it('refuses extra positionals when the command takes none', () => {
    const none: CommandSpec = { ...spec, positionals: [] };
    const r = parseArgs(none, ['--source', 'a', 'stray']);
    assert.deepEqual(r, { kind: 'error', message: 'unexpected argument "stray"' });
    const needs: CommandSpec = { ...spec, positionals: [{ name: 'RUN_DIR', description: 'd', required: true }] };
    assert.deepEqual(parseArgs(needs, ['--source', 'a']), { kind: 'error', message: 'missing RUN_DIR' });
  });

  it('help lists every option with its value name and default', () => {
    const help = formatHelp(spec);
    assert.match(help, /^Usage: cats-dogs demo --source PATH \[--seed N\] \[--lr VALUE\] \[--copy\] \[--tag VALUE\] \[IMAGE\.\.\.\]/);
    assert.match(help, /--seed N +Seed\. \(default: 42\)/);
    assert.match(help, /-t, --tag VALUE +Tags\./);
    assert.match(help, /-h, --help/);
    assert.match(help, /Examples:\n {2}cats-dogs demo --source x/);
  });
});
