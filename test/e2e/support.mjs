// Helpers for driving the real VS Code UI (code-server in Chromium) like a user.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function installVsix(runtime, home, vsix) {
  execFileSync(runtime.node, [runtime.entry, '--install-extension', vsix, '--extensions-dir', home.extensions, '--user-data-dir', home.user], {
    env: { ...process.env, ...home.env },
    stdio: 'pipe',
  });
}

/** Runs named steps, counting passes and failures, and saving a screenshot when one fails. */
export function stepRunner(page, shotsDir) {
  mkdirSync(shotsDir, { recursive: true });
  const counts = { passed: 0, failed: 0, skipped: 0 };
  return {
    counts,
    async step(name, fn) {
      const started = Date.now();
      try {
        await fn();
        counts.passed++;
        console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
      } catch (err) {
        counts.failed++;
        console.log(`  ✘ ${name}\n    ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n    ')}`);
        await page.screenshot({ path: join(shotsDir, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => {});
      }
    },
  };
}

export async function waitForWorkbench(page, timeout = 120_000) {
  await page.waitForSelector('.monaco-workbench', { timeout });
  // The status bar appears once the workbench has restored its parts.
  await page.waitForSelector('#workbench\\.parts\\.statusbar', { timeout });
}

/** Opens the command palette and runs a command by its title, as a user types it. */
export async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  // The row whose label is exactly the title: the palette sorts matches by label, so the first row
  // may be another command that merely contains the words ("Show Training" for "Train").
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

/**
 * Labels the palette lists for a query (then closes it). Retries until `expected` appears or the
 * timeout passes: right after the workbench shows, the extension host may still be starting.
 */
export async function paletteEntries(page, query, expected = query, timeout = 90_000) {
  const deadline = Date.now() + timeout;
  let labels = [];
  while (Date.now() < deadline) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${query}`);
    await page.waitForTimeout(700);
    labels = (await page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
    await page.keyboard.press('Escape');
    if (labels.some((l) => l.includes(expected))) return labels;
    await page.waitForTimeout(1000);
  }
  return labels;
}

export async function waitForNotification(page, text, timeout = 30_000) {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return toast;
}

/** The inner frame of the webview whose document has a #root holding `text`. */
export async function findWebviewFrame(page, text, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('webview')) continue;
      try {
        const content = await frame.evaluate(() => document.getElementById('root')?.innerText ?? null);
        if (content !== null && (text === undefined || content.includes(text))) return frame;
      } catch {
        // frame navigating or detached
      }
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no webview showing "${text}" within ${timeout / 1000} s`);
}
