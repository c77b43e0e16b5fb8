/**
 * The host's user-facing strings: every `vscode.l10n.t('…')` (or `l10n.t`) call in the extension's
 * sources, found with the TypeScript parser. scripts/l10n.ts writes them to l10n/bundle.l10n.json and
 * the unit tests check that l10n/bundle.l10n.ru.json translates each one.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface L10nCall {
  /** The key in bundle.l10n.json: the English message itself. */
  message: string;
  file: string;
  line: number;
}

export interface L10nProblem {
  file: string;
  line: number;
  problem: string;
}

function isL10nT(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

/** The l10n.t calls of one source file, and the calls whose message is not a literal (which no bundle can hold). */
export function l10nCallsIn(file: string, text: string): { calls: L10nCall[]; problems: L10nProblem[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: L10nCall[] = [];
  const problems: L10nProblem[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isL10nT(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) calls.push({ message: first.text, file, line });
      else problems.push({ file, line, problem: 'the message of l10n.t must be a string literal, so that it can be translated' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { calls, problems };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
    });
}

/** Every l10n.t call under `dir` (files in path order), with paths relative to `root`. */
export function l10nCallsUnder(root: string, dir: string): { calls: L10nCall[]; problems: L10nProblem[] } {
  const calls: L10nCall[] = [];
  const problems: L10nProblem[] = [];
  for (const path of sourceFiles(join(root, dir))) {
    const found = l10nCallsIn(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    calls.push(...found.calls);
    problems.push(...found.problems);
  }
  return { calls, problems };
}

/** bundle.l10n.json's content: each message once, as VS Code's l10n bundles map them (message -> message). */
export function englishBundle(calls: readonly L10nCall[]): Record<string, string> {
  const bundle: Record<string, string> = {};
  for (const c of calls) bundle[c.message] = c.message;
  return bundle;
}

/** The sorted `{0}`-style placeholders of a message. */
export function placeholders(message: string): string[] {
  return (message.match(/\{\d+\}/g) ?? []).sort();
}

/** What a translation table lacks or has too much of, compared with the English bundle. */
export function translationProblems(english: Record<string, string>, translated: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    const value = translated[key];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`missing: ${JSON.stringify(key)}`);
      continue;
    }
    const want = placeholders(key).join(',');
    const got = placeholders(value).join(',');
    if (want !== got) problems.push(`placeholders differ (${want || 'none'} vs ${got || 'none'}): ${JSON.stringify(key)} -> ${JSON.stringify(value)}`);
  }
  for (const key of Object.keys(translated)) if (!(key in english)) problems.push(`not used any more: ${JSON.stringify(key)}`);
  return problems;
}
