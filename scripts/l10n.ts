#!/usr/bin/env node
// `npm run l10n`: writes l10n/bundle.l10n.json from the vscode.l10n.t calls in src/extension and lists
// what l10n/bundle.l10n.ru.json lacks (or keeps that is no longer used). `--check` changes nothing and
// exits 1 when the English bundle is stale or a translation is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishBundle, l10nCallsUnder, translationProblems } from './l10nStrings';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
const { calls, problems } = l10nCallsUnder(root, 'src/extension');
for (const p of problems) console.error(`${p.file}:${p.line}: ${p.problem}`);

const bundlePath = join(root, 'l10n/bundle.l10n.json');
const text = JSON.stringify(englishBundle(calls), null, 2) + '\n';
let current = '';
try {
  current = readFileSync(bundlePath, 'utf8');
} catch {
  // first run
}
const stale = current !== text;
if (stale && !check) writeFileSync(bundlePath, text);

const english = englishBundle(calls);
const ru = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.ru.json'), 'utf8'));
const missing = translationProblems(english, ru);
for (const m of missing) console.error(`bundle.l10n.ru.json ${m}`);
console.log(`${Object.keys(english).length} strings; ${stale ? (check ? 'bundle.l10n.json is stale' : 'bundle.l10n.json updated') : 'bundle.l10n.json up to date'}; ${missing.length} Russian problems`);
process.exit(problems.length || missing.length || (check && stale) ? 1 : 0);
