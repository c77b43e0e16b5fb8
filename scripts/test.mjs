#!/usr/bin/env node
// `npm test`: every tier, in order, then one line "N passed, N failed".
//   unit         type check, lint, mocha on test/unit (no VS Code, no ../shared)
//   engine       mocha on test/engine: real tfjs, real photos and weights from ../shared
//   integration  mocha inside a real VS Code extension host (the VS Code server in code-server), in a
//                trusted workspace, then in an untrusted one (Restricted Mode); the webview harness
//   e2e          the packaged .vsix in code-server, driven through the UI in Chromium
// `node scripts/test.mjs unit engine` runs only those tiers. Each tier installs what it needs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24, ensureSoftwareGpu } from './vscode-runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['unit', 'engine', 'integration', 'e2e'];
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const tiers = requested.length ? requested : ALL;
for (const t of tiers) if (!ALL.includes(t)) {
  console.error(`Unknown tier "${t}"; use ${ALL.join(', ')}.`);
  process.exit(2);
}
export const SHARED = process.env.CATS_DOGS_SHARED ?? join(root, '..', 'shared');

const results = [];
const scratch = mkdtempSync(join(tmpdir(), 'cats-dogs-test-'));

function run(cmd, args, opts = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env }, timeout: opts.timeout });
  return { ok: r.status === 0, seconds: (Date.now() - started) / 1000, status: r.status, signal: r.signal };
}

function record(tier, name, counts, seconds) {
  results.push({ tier, name, ...counts, seconds });
}

function check(tier, name, cmd, args) {
  console.log(`\n=== ${tier}: ${name}`);
  const r = run(cmd, args);
  record(tier, name, r.ok ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 }, r.seconds);
}

function mocha(tier, pattern, extra = []) {
  console.log(`\n=== ${tier}: mocha ${pattern}`);
  const countsFile = join(scratch, `${tier}.json`);
  rmSync(countsFile, { force: true });
  const r = run(process.execPath, ['--import', 'tsx', join(root, 'node_modules/mocha/bin/mocha.js'), ...extra, pattern], {
    env: { CATS_DOGS_COUNTS_FILE: countsFile, CATS_DOGS_SHARED: SHARED },
  });
  const counts = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (!r.ok && counts.failed === 0) counts.failed = 1; // crashed outside a test
  record(tier, 'mocha', counts, r.seconds);
}

/** Runs a harness script that prints "N passed, N failed[, N skipped]" as its last such line. */
function harness(tier, script, args = []) {
  console.log(`\n=== ${tier}: ${script}`);
  const countsFile = join(scratch, `${tier}.json`);
  rmSync(countsFile, { force: true });
  const r = run(process.execPath, [join(root, script), ...args], { env: { CATS_DOGS_COUNTS_FILE: countsFile, CATS_DOGS_SHARED: SHARED } });
  const counts = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (!r.ok && counts.failed === 0) counts.failed = 1;
  record(tier, [script, ...args].join(' '), counts, r.seconds);
}

const needsBuild = tiers.some((t) => t === 'integration' || t === 'e2e');
if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
  console.log('Installing dependencies (npm ci)...');
  const r = run('npm', ['ci', '--no-audit', '--no-fund']);
  if (!r.ok) process.exit(1);
}

for (const tier of tiers) {
  if (tier === 'unit') {
    check('unit', 'typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']);
    check('unit', 'lint', 'npx', ['eslint', '.']);
    mocha('unit', 'test/unit/**/*.test.ts');
  } else if (tier === 'engine') {
    if (!existsSync(SHARED)) {
      console.log(`\n=== engine: skipped, ${SHARED} is missing (it holds the photos and weights these tests use).`);
      record('engine', 'mocha', { passed: 0, failed: 0, skipped: 1 }, 0);
      continue;
    }
    try {
      ensureSoftwareGpu();
    } catch (err) {
      console.log(`Mesa's software GPU could not be installed (${err.message}); the webgpu tests will say what is missing.`);
    }
    if (process.platform === 'linux' && process.arch === 'x64') {
      try {
        ensureNode24(); // the portable engine folder's own Node (also the integration tier's)
      } catch (err) {
        console.log(`Node 24 could not be installed (${err.message}); the portable folder's own-Node test is skipped.`);
      }
    }
    mocha('engine', 'test/engine/**/*.test.ts', ['--timeout', '600000']);
  } else if (tier === 'integration') {
    if (needsBuild && !results.some((r) => r.name === 'build')) check('build', 'build', process.execPath, [join(root, 'scripts/build.mjs'), '--tests']);
    harness('integration', 'test/integration/run.mjs');
    harness('integration', 'test/integration/run.mjs', ['--restricted']);
    // The webviews in Chromium under VS Code's CSP: layout, themes, and hostile strings rendered as text.
    harness('integration', 'test/webview-harness/screenshots.mjs');
  } else if (tier === 'e2e') {
    harness('e2e', 'test/e2e/run.mjs');
  }
}
rmSync(scratch, { recursive: true, force: true });

const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log('\nTier         Step                                   Passed  Failed  Skipped  Seconds');
for (const r of results) {
  console.log(`${r.tier.padEnd(12)} ${r.name.padEnd(38)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${r.seconds.toFixed(1).padStart(7)}`);
}
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
