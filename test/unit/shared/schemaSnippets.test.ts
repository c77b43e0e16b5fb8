import { strict as assert } from 'node:assert';
import { experimentSchema, type JsonSchema } from '../../../src/shared/config/schema';
import { CONFIG_SNIPPETS, configSnippetText, type SchemaSnippet } from '../../../src/shared/config/schemaSnippets';
import { baselineConfig } from '../../../src/shared/config/templates';
import { validateConfig } from '../../../src/shared/config/validate';

/** What the editor inserts for a snippet, with every placeholder left at its default. */
function expand(snippet: SchemaSnippet): unknown {
  if (snippet.bodyText !== undefined) {
    const text = snippet.bodyText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\\$/g, '$');
    return JSON.parse(text);
  }
  const unquote = (v: unknown): unknown => {
    if (typeof v === 'string' && v.startsWith('^')) return JSON.parse(v.slice(1).replace(/\$\{\d+:([^}]*)\}/g, '$1'));
    if (Array.isArray(v)) return v.map(unquote);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unquote(x)]));
    return v;
  };
  return unquote(snippet.body);
}

/** The snippets defined anywhere in the schema, with the property path they complete. */
function snippetsIn(schema: JsonSchema, path: string[] = []): Array<{ path: string[]; snippet: SchemaSnippet }> {
  const here = (schema.defaultSnippets ?? []).map((snippet) => ({ path, snippet }));
  const below = Object.entries(schema.properties ?? {}).flatMap(([key, sub]) => snippetsIn(sub, [...path, key]));
  const items = schema.items ? snippetsIn(schema.items, [...path, '0']) : [];
  return [...here, ...below, ...items];
}

function setAt(target: any, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = node[key] ??= /^\d+$/.test(key) ? [] : {};
  node[path[path.length - 1]] = value;
}

describe('config snippets (completion in experiment files)', () => {
  it('offers the lab baseline and the common variants as whole configs', () => {
    const labels = CONFIG_SNIPPETS.map((s) => s.label).join('\n');
    for (const variant of [/baseline/i, /GlobalAveragePooling2D/, /without Dropout/, /two Dense/, /MobileNet/, /fine-tune/, /augmentation/, /early stopping/]) assert.match(labels, variant);
  });

  it('inserts the baseline exactly as the lab states it (the same as the Open Config template)', () => {
    const baseline = expand(CONFIG_SNIPPETS[0]) as Record<string, unknown>;
    const template = baselineConfig();
    for (const key of ['$schema', 'name', 'backbone', 'head', 'training']) assert.deepEqual(baseline[key], template[key], key);
  });

  it('escapes "$schema" so that the editor does not read it as a snippet variable, and writes 1e-5 as 1e-5', () => {
    const text = configSnippetText({ $schema: './x.json', training: { learningRate: 1e-5, other: 0.5, tiny: 0.000001 } });
    assert.match(text, /"\\\$schema"/);
    assert.match(text, /"learningRate": 1e-5,/);
    assert.match(text, /"other": 0\.5,/);
    assert.match(text, /"tiny": 1e-6\n/);
    assert.deepEqual(JSON.parse(text.replace(/\\\$/g, '$')).training, { learningRate: 1e-5, other: 0.5, tiny: 1e-6 });
  });

  it('gives only configs that pass the same validation as Train, wherever a snippet is offered', () => {
    const all = snippetsIn(experimentSchema);
    assert.ok(all.length >= CONFIG_SNIPPETS.length + 10, `only ${all.length} snippets`);
    for (const { path, snippet } of all) {
      // A section's snippet is tried in the baseline, where the editor would most often insert it.
      const config: any = path.length === 0 ? expand(snippet) : baselineConfig();
      if (path.length > 0) setAt(config, path, expand(snippet));
      const { issues } = validateConfig(config);
      assert.deepEqual(issues, [], `${path.join('.') || '(root)'}: ${snippet.label}`);
    }
  });
});
