#!/usr/bin/env node
// Integration tier: mocha INSIDE a real VS Code extension host. Starts the VS Code server shipped in
// code-server with this repository as the extension under development, opens the workbench in
// Chromium with the smoke-test driver's `payload` (extensionDevelopmentPath + extensionTestsPath),
// and collects the runner's console and exit code through codeAutomationLog / codeAutomationExit.
//   node test/integration/run.mjs               test/integration/suite in a trusted workspace
//   node test/integration/run.mjs --restricted  test/integration/restricted in an UNtrusted workspace
//                                               (Restricted Mode: workspace trust left on)
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureRuntime } from '../../scripts/vscode-runtime.mjs';
import { launchBrowser, NOISE, scratchHome, startServer } from '../support/vscodeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const restricted = process.argv.includes('--restricted');
const suiteDir = restricted ? 'restricted' : 'suite';
const resultsDir = join(root, restricted ? 'test-results/integration-restricted' : 'test-results/integration');
mkdirSync(resultsDir, { recursive: true });

function writeCounts(counts) {
  if (process.env.CATS_DOGS_COUNTS_FILE) writeFileSync(process.env.CATS_DOGS_COUNTS_FILE, JSON.stringify(counts));
}

async function main() {
  if (!existsSync(join(root, `out/test/${suiteDir}/index.js`)) || !existsSync(join(root, 'dist/extension.js'))) {
    throw new Error('Build first: node scripts/build.mjs --tests');
  }
  const runtime = ensureRuntime();
  const home = scratchHome('cats-dogs-it-');
  const workspace = join(home.root, 'lab workspace');
  mkdirSync(workspace, { recursive: true });
  if (restricted) {
    // What a downloaded lab folder could hold: a dataset, a config, and workspace settings that try
    // to point the lab's folders elsewhere (ignored in Restricted Mode: restrictedConfigurations).
    for (const split of ['train', 'validation', 'test']) for (const cls of ['cats', 'dogs']) mkdirSync(join(workspace, 'cats_vs_dogs', split, cls), { recursive: true });
    mkdirSync(join(workspace, 'experiments'), { recursive: true });
    writeFileSync(join(workspace, 'experiments', 'baseline.json'), JSON.stringify({ name: 'baseline', backbone: { architecture: 'VGG16' } }, null, 2));
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'catsDogs.datasetFolder': '../../elsewhere', 'catsDogs.experimentsFolder': '../../elsewhere', 'catsDogs.backend': 'cpu', 'editor.tabSize': 3 }, null, 2));
  }
  const server = await startServer({
    runtime,
    kind: 'vscode-server',
    home,
    logFile: join(resultsDir, 'server.log'),
    // The test workspace is trusted, except in the restricted run, where workspace trust stays on
    // and a fresh user-data folder trusts nothing.
    extraArgs: restricted ? [] : ['--disable-workspace-trust'],
    env: { CATS_DOGS_SHARED: process.env.CATS_DOGS_SHARED ?? join(root, '..', 'shared'), CATS_DOGS_TEST_RESULTS: resultsDir, CATS_DOGS_CACHE: home.cache },
  });
  const { browser, page } = await launchBrowser(runtime.chromium);
  const lines = [];
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    lines.push(text);
    if (!NOISE.some((n) => n.test(text))) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(join(root, `out/test/${suiteDir}/index`))],
  ];
  const url = `${server.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timeoutMs = Number(process.env.CATS_DOGS_IT_TIMEOUT ?? 20 * 60_000);
  let code;
  try {
    await page.goto(url);
    code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (code === 'timeout') {
      await page.screenshot({ path: join(resultsDir, 'timeout.png') }).catch(() => {});
      console.error(`The integration tests did not finish within ${timeoutMs / 60000} minutes.`);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    writeFileSync(join(resultsDir, 'console.log'), lines.join('\n') + '\n');
    if (existsSync(join(home.root, 'server'))) cpSync(join(home.root, 'server'), join(resultsDir, 'server-data'), { recursive: true, filter: (s) => !s.includes('CachedData') });
    home.cleanup();
  }
  const summary = [...lines].reverse().map((l) => /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(l)).find(Boolean);
  const counts = summary ? { passed: +summary[1], failed: +summary[2], skipped: +(summary[3] ?? 0) } : { passed: 0, failed: 1, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  writeCounts(counts);
  console.log(`\nintegration${restricted ? ' (restricted)' : ''}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  process.exit(code === 0 && counts.failed === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  writeCounts({ passed: 0, failed: 1, skipped: 0 });
  process.exit(1);
});
