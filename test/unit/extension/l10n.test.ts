import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishBundle, l10nCallsIn, l10nCallsUnder, placeholders, translationProblems } from '../../../scripts/l10nStrings';

const root = join(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

/** Every `%key%` string anywhere in package.json. */
function nlsKeysUsed(value: unknown, keys = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([\w.-]+)%$/.exec(value);
    if (m) keys.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => nlsKeysUsed(v, keys));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => nlsKeysUsed(v, keys));
  return keys;
}

/** What a translation must keep verbatim: command links, `code`, and {n} placeholders. */
function verbatimParts(text: string): string[] {
  const links = [...text.matchAll(/\]\((command:[^)]+)\)/g)].map((m) => m[1]);
  const code = [...text.matchAll(/`([^`]+)`/g)].map((m) => `\`${m[1]}\``).sort();
  return [...links, ...code, ...placeholders(text)];
}

describe('localisation (English and Russian)', () => {
  describe('the host strings (vscode.l10n.t)', () => {
    const { calls, problems } = l10nCallsUnder(root, 'src/extension');

    it('finds literal messages only, in both call forms', () => {
      const found = l10nCallsIn('x.ts', "import * as vscode from 'vscode';\nvscode.l10n.t('A {0}', 1);\nl10n.t(`B`);\nvscode.l10n.t(dynamic);\nother.t('C');\n");
      assert.deepEqual(found.calls.map((c) => [c.message, c.line]), [['A {0}', 2], ['B', 3]]);
      assert.deepEqual(found.problems.map((p) => p.line), [4]);
      assert.deepEqual(problems, [], 'every vscode.l10n.t message in src/extension is a literal');
      assert.ok(calls.length >= 50, `only ${calls.length} strings found: is the scan looking in the right place?`);
    });

    it('has l10n/bundle.l10n.json up to date (regenerate with `npm run l10n`)', () => {
      assert.deepEqual(readJson('l10n/bundle.l10n.json'), englishBundle(calls));
    });

    it('translates every string into Russian, keeping every {0} placeholder', () => {
      const ru = readJson('l10n/bundle.l10n.ru.json');
      assert.deepEqual(translationProblems(englishBundle(calls), ru), [], 'add the translations to l10n/bundle.l10n.ru.json (`npm run l10n` lists them)');
      const cyrillic = Object.values(ru as Record<string, string>).filter((v) => /[а-яё]/i.test(v)).length;
      assert.ok(cyrillic >= Object.keys(ru).length - 5, 'the Russian bundle is written in Russian');
    });

    it('reports a missing translation, a lost placeholder and a stale key', () => {
      const problemsFound = translationProblems({ 'A {0} of {1}': 'A {0} of {1}', B: 'B' }, { 'A {0} of {1}': 'А {0}', Old: 'Старое' });
      assert.equal(problemsFound.length, 3);
      assert.match(problemsFound.join('\n'), /placeholders differ/);
      assert.match(problemsFound.join('\n'), /missing: "B"/);
      assert.match(problemsFound.join('\n'), /not used any more: "Old"/);
    });
  });

  describe('the manifest strings (package.nls*.json)', () => {
    const pkg = readJson('package.json');
    const en: Record<string, string> = readJson('package.nls.json');
    const ru: Record<string, string> = readJson('package.nls.ru.json');

    it('defines every %key% that package.json uses, and no unused ones', () => {
      const used = nlsKeysUsed(pkg);
      assert.deepEqual([...used].filter((k) => !(k in en)), []);
      assert.deepEqual(Object.keys(en).filter((k) => !used.has(k)), []);
    });

    it('has every key in Russian, with the same command links, code and placeholders', () => {
      assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
      for (const key of Object.keys(en)) {
        assert.ok(ru[key].trim(), `${key} is empty in Russian`);
        assert.deepEqual(verbatimParts(ru[key]), verbatimParts(en[key]), key);
        if (/[a-z]{3}/i.test(en[key])) assert.match(ru[key], /[а-яё]/i, `${key} is not translated`);
      }
    });
  });
});
