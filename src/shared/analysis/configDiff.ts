/**
 * The fields in which two or more configs differ: the lab changes one hyperparameter at a time, so
 * the comparison shows only what changed. Paths read like "head.layers[0].dropout".
 */
export interface ConfigDifference {
  path: string;
  /** The value per config id, as text; a config that lacks the field has no entry. */
  values: Record<string, string>;
}

/** Fields that always differ or say nothing about the experiment. */
export const IGNORED_CONFIG_FIELDS: readonly string[] = ['$schema', 'name', 'description'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function leafText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(leafText).join(', ')}]`;
  return String(v);
}

/** Flattens a config into path -> text; arrays of plain values stay one leaf ("[150, 150]"). */
export function flattenConfig(value: unknown, ignore: readonly string[] = IGNORED_CONFIG_FIELDS): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string): void => {
    if (isPlainObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (path === '' && ignore.includes(k)) continue;
        walk(child, path ? `${path}.${k}` : k);
      }
    } else if (Array.isArray(v) && v.some((x) => isPlainObject(x) || Array.isArray(x))) {
      if (v.length === 0) out.set(path, '[]');
      v.forEach((child, i) => walk(child, `${path}[${i}]`));
    } else if (v !== undefined) {
      out.set(path, leafText(v));
    }
  };
  walk(value, '');
  return out;
}

/** The differing fields of the given configs (keyed by run id), in the order they first appear. */
export function configDiff(configs: Record<string, unknown>, ignore?: readonly string[]): ConfigDifference[] {
  const flat = Object.entries(configs).map(([id, c]) => [id, flattenConfig(c, ignore)] as const);
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const [, f] of flat) {
    for (const p of f.keys()) {
      if (seen.has(p)) continue;
      seen.add(p);
      paths.push(p);
    }
  }
  const diff: ConfigDifference[] = [];
  for (const path of paths) {
    const values: Record<string, string> = {};
    const distinct = new Set<string | undefined>();
    for (const [id, f] of flat) {
      const v = f.get(path);
      distinct.add(v);
      if (v !== undefined) values[id] = v;
    }
    if (distinct.size > 1) diff.push({ path, values });
  }
  return diff;
}
