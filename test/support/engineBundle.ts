/**
 * dist/engine.js for tests that run the engine as a real child process (kill, Ctrl+C, IPC). Rebuilt
 * with scripts/build.mjs when it is missing or older than any engine or shared source file, once per
 * test process: starting the bundle takes ~0.3 s, through tsx several seconds.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
export const ENGINE_BUNDLE = join(REPO, 'dist/engine.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let checked = false;

export function ensureEngineBundle(): string {
  if (checked) return ENGINE_BUNDLE;
  const built = (() => {
    try {
      return statSync(ENGINE_BUNDLE).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(newestMtime(join(REPO, 'src/engine')), newestMtime(join(REPO, 'src/shared')));
  if (built < sources) {
    const r = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`Building dist/engine.js failed:\n${r.stdout}\n${r.stderr}`);
  }
  checked = true;
  return ENGINE_BUNDLE;
}
