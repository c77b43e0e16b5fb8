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
import { quickConfig, trainingSteps } from './training.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-results/e2e');
const shared = process.env.CATS_DOGS_SHARED ?? join(root, '..', 'shared');

/** User settings for a quiet, reproducible window: no chat side bar, no welcome page, a known theme. */
const USER_SETTINGS = {
  'workbench.colorTheme': 'Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'json.schemaDownload.enable': false,
};

function writeCounts(counts) {
  if (process.env.CATS_DOGS_COUNTS_FILE) writeFileSync(process.env.CATS_DOGS_COUNTS_FILE, JSON.stringify(counts));
}

async function main() {
  const t0 = Date.now();
  const runtime = ensureRuntime();
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const vsix = join(root, '.tmp', 'e2e.vsix');
  if (process.env.CATS_DOGS_E2E_REUSE_VSIX !== '1' || !existsSync(vsix)) {
    const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--target', 'linux-x64', '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('packaging the .vsix failed');
    console.log(`packaged the .vsix in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  const home = scratchHome('cats-dogs-e2e-');
  installVsix(runtime, home, vsix);
  mkdirSync(join(home.user, 'User'), { recursive: true });
  writeFileSync(join(home.user, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const workspace = join(home.root, 'lab');
  const withShared = existsSync(join(shared, 'datasets/dogs-vs-cats-2000/train.zip'));
  mkdirSync(join(workspace, 'experiments'), { recursive: true });
  // The user's own small experiment, there before the dataset is (so Train first asks for the dataset).
  if (withShared) writeFileSync(join(workspace, 'experiments', 'quick.json'), JSON.stringify(quickConfig(shared), null, 2) + '\n');
  const server = await startServer({
    runtime,
    kind: 'code-server',
    home,
    workspace,
    logFile: join(shots, 'code-server.log'),
    extraArgs: ['--disable-workspace-trust'],
    env: { CATS_DOGS_CACHE: join(home.root, 'lab-cache') },
  });
  const { browser, page } = await launchBrowser(runtime.chromium);
  const { step, counts } = stepRunner(page, shots);
  // Screenshots with the mouse parked on the empty title bar, so no hover or tooltip covers the views.
  const shot = Object.assign(
    async (name) => {
      await page.mouse.move(150, 12);
      await page.screenshot({ path: shot.path(name) });
    },
    {
      path: (name) => join(shots, `${name}.png`),
      /** Just one webview (its frame element), e.g. the sidebar at its real width. */
      frame: async (frame, name) => {
        await page.mouse.move(150, 12);
        await (await frame.frameElement()).screenshot({ path: join(shots, `${name}.png`) });
      },
    },
  );
  const started = Date.now();
  try {
    await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
    await step('the workbench loads', () => waitForWorkbench(page));

    await step('the palette lists the four commands', async () => {
      // One query per title: the palette renders only the rows that fit, and the lab has more commands than that.
      for (const title of ['Cats vs Dogs: Prepare Dataset', 'Cats vs Dogs: Train', 'Cats vs Dogs: Open Experiment Config', 'Cats vs Dogs: Show Experiments']) {
        const labels = await paletteEntries(page, title);
        if (!labels.some((l) => l.includes(title))) throw new Error(`"${title}" is not in the palette: ${JSON.stringify(labels)}`);
      }
    });

    await step('the Experiments view renders', async () => {
      await runCommand(page, 'Cats vs Dogs: Show Experiments');
      const frame = await findWebviewFrame(page, 'No dataset yet');
      const text = await frame.evaluate(() => document.getElementById('root').innerText);
      if (!/No experiments yet/.test(text)) throw new Error(`unexpected view content: ${text}`);
      await page.screenshot({ path: join(shots, 'experiments-view.png') });
    });
    await step('"Cats vs Dogs: Train" without a dataset shows the message', async () => {
      await runCommand(page, 'Cats vs Dogs: Train');
      const toast = await waitForNotification(page, 'No dataset found');
      await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Prepare Dataset' }).first().waitFor({ state: 'visible' });
      await page.screenshot({ path: join(shots, 'train-without-dataset.png') });
    });

    if (withShared) await trainingSteps({ page, step, shot, workspace, shared, home, nodePath: runtime.node });
    else {
      console.log(`  - the training steps are skipped: ${shared} has no photos`);
      counts.skipped++;
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    home.cleanup();
  }
  // The walkthrough, each language in a fresh VS Code whose display language it is.
  for (const locale of ['en', 'ru']) await walkthroughSession({ runtime, vsix, root, shots, step, locale });
  writeCounts(counts);
  console.log(`\ne2e: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''} (${Math.round((Date.now() - t0) / 1000)} s in all, ${Math.round((Date.now() - started) / 1000)} s in the browser)`);
  process.exit(counts.failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  writeCounts({ passed: 0, failed: 1, skipped: 0 });
  process.exit(1);
});
