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

/**
 * Opens the command palette and runs a command by its title, as a user types it. The row whose label
 * is exactly `title` is clicked: Enter would run whatever the palette ranks first (recently used
 * commands such as "Show Training" rank above "Train").
 */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // A view that takes focus as it opens (a webview revealed by the previous command) closes the
  // palette under the typing: open it again then.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await pickQuickInputRow(page, title, attempt < 3 ? 10_000 : 30_000);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.waitForTimeout(500);
    }
  }
}

/** Clicks the quick-input row (palette, quick pick) whose label is exactly `label`. */
export async function pickQuickInputRow(page, label, timeout = 30_000) {
  const row = quickInputRow(page, label);
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
}

/** Waits until the open quick input lists a row labelled exactly `label`. */
export async function pickQuickInputRowVisible(page, label, timeout = 30_000) {
  await quickInputRow(page, label).waitFor({ state: 'visible', timeout });
}

function quickInputRow(page, label) {
  return page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) }).first();
}

/** The labels of the rows an open quick pick shows. */
export async function quickInputLabels(page) {
  await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
  return (await page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/**
 * The inner frame of the lab webview whose document matches `selector` (e.g. 'main.training'), and
 * whose #root text holds `text` when given. Polls: webviews load (and reload) asynchronously.
 */
export async function labWebview(page, selector, { text, timeout = 60_000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('webview')) continue;
      try {
        const content = await frame.evaluate(
          ([sel]) => (document.querySelector(sel) ? (document.getElementById('root')?.innerText ?? '') : null),
          [selector],
        );
        if (content !== null && (text === undefined || content.includes(text))) return frame;
      } catch {
        // frame navigating or detached
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview with ${selector}${text ? ` showing "${text}"` : ''} within ${timeout / 1000} s`);
}

/** Polls `fn` in the frame until it returns a truthy value; returns that value. */
export async function waitInFrame(frame, fn, arg, { timeout = 60_000, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await frame.evaluate(fn, arg).catch((err) => ({ frameError: String(err) }));
    if (last && !last.frameError) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/**
 * Presses Tab inside a webview until the focused element matches `selector` (and holds `text`, when
 * given); returns the descriptions of every element focused on the way.
 */
export async function tabUntil(page, frame, { selector, text }, maxTabs = 40) {
  const seen = [];
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const hit = await frame.evaluate(
      ([sel, txt]) => {
        const a = document.activeElement;
        const words = (a?.getAttribute('aria-label') || a?.textContent || '').replace(/\s+/g, ' ').trim();
        const desc = a ? `${a.tagName.toLowerCase()}${a.classList.length ? '.' + a.classList[0] : ''}:${words.slice(0, 40)}` : 'none';
        return { ok: !!a && a !== document.body && a.matches(sel) && (!txt || words.includes(txt)), desc };
      },
      [selector, text],
    );
    seen.push(hit.desc);
    if (hit.ok) return seen;
  }
  throw new Error(`Tab never reached ${selector}${text ? ` "${text}"` : ''}; focus went: ${seen.join(' → ')}`);
}

/** Switches the colour theme through "Preferences: Color Theme", as a user does, and waits until the workbench wears it. */
export async function setColorTheme(page, label, type) {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(label);
  await pickQuickInputRow(page, label);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  await page.waitForFunction((t) => document.querySelector('.monaco-workbench')?.classList.contains(t), type, { timeout: 15_000 });
}

/** The workbench's theme type: 'vs', 'vs-dark', 'hc-black' or 'hc-light'. */
export async function workbenchThemeType(page) {
  return page.evaluate(() => ['hc-light', 'hc-black', 'vs-dark', 'vs'].find((c) => document.querySelector('.monaco-workbench')?.classList.contains(c)));
}
