/**
 * Cheap guards over the source: no shell anywhere (the engine is forked with an argument list, config
 * values travel over IPC, never through a command line), no eval, and no HTML built from strings in
 * the webviews (every run name, path and message is set as text).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const ALLOWED_CHILD_PROCESS = new Set(['fork', 'spawn', 'spawnSync', 'execFile', 'execFileSync', 'ChildProcess', 'type ChildProcess', 'ForkOptions', 'type ForkOptions', 'SpawnOptions', 'type SpawnOptions']);

/** The problems of one file's text; `webview` adds the rules for browser code. */
export function sourceProblems(text: string, webview: boolean): string[] {
  const problems: string[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  if (/\bshell\s*:(?!\s*false\b)/.test(code)) problems.push('a child process with a shell');
  if (/require\(\s*['"](node:)?child_process['"]\s*\)/.test(code)) problems.push('child_process through require (unchecked)');
  for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"](?:node:)?child_process['"]/g)) {
    for (const name of m[1].split(',').map((n) => n.trim().replace(/\s+as\s+\w+$/, '')).filter(Boolean)) {
      if (!ALLOWED_CHILD_PROCESS.has(name)) problems.push(`child_process.${name} (runs a command string through a shell)`);
    }
  }
  if (/import\s+\*\s+as\s+\w+\s+from\s*['"](?:node:)?child_process['"]/.test(code)) problems.push('child_process imported whole (unchecked)');
  if (/\beval\s*\(|\bnew\s+Function\s*\(/.test(code)) problems.push('eval or new Function');
  if (webview && /\.innerHTML\s*[+]?=|\.outerHTML\s*[+]?=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/.test(code)) problems.push('HTML built from a string');
  return problems;
}

describe('source guards: no shell, no eval, no HTML from strings', () => {
  it('the checker catches each thing it looks for (so it can fail)', () => {
    assert.deepEqual(sourceProblems("spawn('x', [], { shell: true })", false), ['a child process with a shell']);
    assert.deepEqual(sourceProblems("import { exec, fork } from 'node:child_process';", false), ['child_process.exec (runs a command string through a shell)']);
    assert.deepEqual(sourceProblems("import { execSync as run } from 'child_process';", false), ['child_process.execSync (runs a command string through a shell)']);
    assert.deepEqual(sourceProblems("const cp = require('child_process');", false), ['child_process through require (unchecked)']);
    assert.deepEqual(sourceProblems('const f = new Function("return 1");', false), ['eval or new Function']);
    assert.deepEqual(sourceProblems('node.innerHTML = name;', true), ['HTML built from a string']);
    assert.deepEqual(sourceProblems('node.innerHTML = name;', false), [], 'the HTML rule is for webview code');
    assert.deepEqual(sourceProblems("fork(path, [], { shell: false }); // shell: true would be wrong", false), []);
  });

  it('src/ and webview/ pass', () => {
    const found: string[] = [];
    for (const dir of ['src', 'webview']) {
      for (const file of sources(join(ROOT, dir))) {
        const webview = dir === 'webview' || file.includes('/src/shared/');
        for (const p of sourceProblems(readFileSync(file, 'utf8'), webview)) found.push(`${relative(ROOT, file)}: ${p}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('the extension starts the engine with fork and an argument list only', () => {
    const text = readFileSync(join(ROOT, 'src/extension/engine/engineProcess.ts'), 'utf8');
    const calls = [...text.matchAll(/\bfork\(([^,]+),\s*([^,]+),/g)].map((m) => [m[1].trim(), m[2].trim()]);
    assert.deepEqual(calls, [['opts.enginePath', '[]']], 'no config value on the command line: the job goes over IPC');
  });
});
