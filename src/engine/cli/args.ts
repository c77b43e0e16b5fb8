/**
 * A small, generic command-line parser for the cats-dogs commands: flags with values (--seed 7 or
 * --seed=7), booleans (--copy, --no-copy), positionals, `--` to end flags, and --help per command.
 * Each command describes its options once; parsing and its help text both come from that.
 */
export type FlagType = 'string' | 'number' | 'boolean';
export type FlagValue = string | number | boolean | string[] | number[];

export interface FlagSpec {
  /** Without dashes: 'source' is --source. */
  name: string;
  type: FlagType;
  description: string;
  /** Shown in help: --source ZIP_OR_DIR_OR_URL. */
  valueName?: string;
  /** One letter: -s. */
  alias?: string;
  required?: boolean;
  default?: string | number | boolean;
  /** May be given more than once; the values are collected into an array. */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** Takes every remaining argument (last positional only). */
  variadic?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  flags: FlagSpec[];
  positionals?: PositionalSpec[];
  examples?: string[];
}

export type ParsedArgs = { flags: Record<string, FlagValue | undefined>; positionals: string[] };
export type ParseResult = ({ kind: 'ok' } & ParsedArgs) | { kind: 'help' } | { kind: 'error'; message: string };

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

function unknownFlag(spec: CommandSpec, given: string): string {
  const name = given.replace(/^-+/, '').split('=')[0];
  const close = spec.flags.map((f) => f.name).find((n) => editDistance(n, name) <= 2);
  return `unknown option ${given.split('=')[0]}` + (close ? ` (did you mean --${close}?)` : '');
}

function convert(flag: FlagSpec, raw: string): number | string | boolean | { error: string } {
  if (flag.type === 'number') {
    const n = raw.trim() === '' ? NaN : Number(raw);
    return Number.isFinite(n) ? n : { error: `--${flag.name} expects a number, got "${raw}"` };
  }
  if (flag.type === 'boolean') {
    if (/^(true|yes|1)$/i.test(raw)) return true;
    if (/^(false|no|0)$/i.test(raw)) return false;
    return { error: `--${flag.name} is true or false, got "${raw}"` };
  }
  return raw;
}

export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParseResult {
  const flags: Record<string, FlagValue | undefined> = {};
  const positionals: string[] = [];
  const byName = new Map(spec.flags.map((f) => [f.name, f]));
  const byAlias = new Map(spec.flags.filter((f) => f.alias).map((f) => [f.alias!, f]));
  const set = (flag: FlagSpec, value: string | number | boolean): string | undefined => {
    if (flag.repeatable) {
      flags[flag.name] = [...((flags[flag.name] as unknown[] | undefined) ?? []), value] as FlagValue;
    } else {
      if (flags[flag.name] !== undefined) return `--${flag.name} is given twice`;
      flags[flag.name] = value;
    }
    return undefined;
  };

  const beforeDashes = argv.indexOf('--') === -1 ? argv : argv.slice(0, argv.indexOf('--'));
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) return { kind: 'help' };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    let flag: FlagSpec | undefined;
    let inline: string | undefined;
    let negated = false;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      flag = byName.get(name);
      if (!flag && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean' && inline === undefined) {
        flag = byName.get(name.slice(3));
        negated = true;
      }
    } else if (arg.length === 2) {
      flag = byAlias.get(arg.slice(1));
    }
    if (!flag) return { kind: 'error', message: unknownFlag(spec, arg) };

    let value: string | number | boolean | { error: string };
    if (flag.type === 'boolean') {
      value = negated ? false : inline === undefined ? true : convert(flag, inline);
    } else {
      let raw = inline;
      if (raw === undefined) {
        const next = argv[i + 1];
        const looksLikeValue = next !== undefined && (!next.startsWith('-') || next === '-' || (flag.type === 'number' && /^-\d/.test(next)));
        if (!looksLikeValue) return { kind: 'error', message: `--${flag.name} needs a value${flag.valueName ? ` (${flag.valueName})` : ''}` };
        raw = next;
        i++;
      }
      value = convert(flag, raw);
    }
    if (typeof value === 'object') return { kind: 'error', message: value.error };
    const problem = set(flag, value);
    if (problem) return { kind: 'error', message: problem };
  }

  for (const flag of spec.flags) {
    if (flags[flag.name] !== undefined) continue;
    if (flag.required) return { kind: 'error', message: `missing --${flag.name}${flag.valueName ? ` ${flag.valueName}` : ''}` };
    if (flag.default !== undefined) flags[flag.name] = flag.default;
  }
  const specs = spec.positionals ?? [];
  const variadic = specs.some((p) => p.variadic);
  if (!variadic && positionals.length > specs.length) return { kind: 'error', message: `unexpected argument "${positionals[specs.length]}"` };
  const requiredCount = specs.filter((p) => p.required).length;
  if (positionals.length < requiredCount) return { kind: 'error', message: `missing ${specs[positionals.length].name}` };
  return { kind: 'ok', flags, positionals };
}

export function formatHelp(spec: CommandSpec, program = 'cats-dogs'): string {
  const positional = (spec.positionals ?? []).map((p) => {
    const n = p.variadic ? `${p.name}...` : p.name;
    return p.required ? n : `[${n}]`;
  });
  const usageFlags = spec.flags.map((f) => {
    const v = f.type === 'boolean' ? `--${f.name}` : `--${f.name} ${f.valueName ?? 'VALUE'}`;
    return f.required ? v : `[${v}]`;
  });
  const lines = [`Usage: ${program} ${spec.name} ${[...usageFlags, ...positional].join(' ')}`.trimEnd(), '', spec.summary, ''];
  const rows: Array<[string, string]> = [
    ...(spec.positionals ?? []).map((p): [string, string] => [p.variadic ? `${p.name}...` : p.name, p.description]),
    ...spec.flags.map((f): [string, string] => {
      const left = `${f.alias ? `-${f.alias}, ` : ''}--${f.name}${f.type === 'boolean' ? '' : ` ${f.valueName ?? 'VALUE'}`}`;
      const extra = f.default !== undefined && f.type !== 'boolean' ? ` (default: ${f.default})` : '';
      return [left, f.description + extra];
    }),
    ['-h, --help', 'Show this help.'],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  lines.push('Options:', ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`));
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}
