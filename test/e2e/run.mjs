#!/usr/bin/env node
// End-to-end tier: the packaged .vsix installed into code-server, driven through the real UI in
// Chromium like a user. Screenshots go to test-results/e2e/ (git-ignored): look at them.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { ensureRuntime } from '../../scripts/vscode-runtime.mjs';
import { launchBrowser, scratchHome, startServer } from '../support/vscodeServer.mjs';
import { findWebviewFrame, installVsix, paletteEntries, runCommand, stepRunner, waitForNotification, waitForWorkbench } from './support.mjs';
import { walkthroughSession } from './walkthrough.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-results/e2e');

function writeCounts(counts) {
  if (process.env.CATS_DOGS_COUNTS_FILE) writeFileSync(process.env.CATS_DOGS_COUNTS_FILE, JSON.stringify(counts));
}

async function main() {
  const runtime = ensureRuntime();
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const vsix = join(root, '.tmp', 'e2e.vsix');
  if (process.env.CATS_DOGS_E2E_REUSE_VSIX !== '1' || !existsSync(vsix)) {
    const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--target', 'linux-x64', '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('packaging the .vsix failed');
  }
  const home = scratchHome('cats-dogs-e2e-');
  installVsix(runtime, home, vsix);
  const workspace = join(home.root, 'lab');
  mkdirSync(workspace, { recursive: true });
  const server = await startServer({ runtime, kind: 'code-server', home, workspace, logFile: join(shots, 'code-server.log'), extraArgs: ['--disable-workspace-trust'] });
  const { browser, page } = await launchBrowser(runtime.chromium);
  const { step, counts } = stepRunner(page, shots);
  try {
    await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
    await step('the workbench loads', () => waitForWorkbench(page));

    await step('the palette lists the four commands', async () => {
      const labels = await paletteEntries(page, 'Cats vs Dogs:', 'Cats vs Dogs: Train');
      for (const title of ['Cats vs Dogs: Prepare Dataset', 'Cats vs Dogs: Train', 'Cats vs Dogs: Open Experiment Config', 'Cats vs Dogs: Show Experiments']) {
        if (!labels.some((l) => l.includes(title))) throw new Error(`"${title}" is not in the palette: ${JSON.stringify(labels)}`);
      }
    });

    await step('"Cats vs Dogs: Train" without a dataset shows the message', async () => {
      await runCommand(page, 'Cats vs Dogs: Train');
      const toast = await waitForNotification(page, 'No dataset found');
      await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Prepare Dataset' }).first().waitFor({ state: 'visible' });
      await page.screenshot({ path: join(shots, 'train-without-dataset.png') });
    });

    await step('the Experiments view renders', async () => {
      await runCommand(page, 'Cats vs Dogs: Show Experiments');
      const frame = await findWebviewFrame(page, 'No dataset yet');
      const text = await frame.evaluate(() => document.getElementById('root').innerText);
      if (!/No experiments yet/.test(text)) throw new Error(`unexpected view content: ${text}`);
      await page.screenshot({ path: join(shots, 'experiments-view.png') });
    });
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    home.cleanup();
  }
  // The walkthrough, each language in a fresh VS Code whose display language it is.
  for (const locale of ['en', 'ru']) await walkthroughSession({ runtime, vsix, root, shots, step, locale });
  writeCounts(counts);
  console.log(`\ne2e: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  writeCounts({ passed: 0, failed: 1, skipped: 0 });
  process.exit(1);
});
