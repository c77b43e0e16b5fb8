// Starting a real VS Code offline for tests: the VS Code server inside code-server (integration tier,
// where `extensionDevelopmentPath` works) or code-server itself (end-to-end tier, with the .vsix
// installed), and Debian's Chromium driven by playwright-core. See ../shared/docs/real-vscode.md.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// Offline noise that is expected and never a failure.
export const NOISE = [/ENOTFOUND/, /open-vsx\.org/, /github.*auth/i, /Failed to load resource.*404/, /marketplace/i, /net::ERR_/, /ERR_NAME_NOT_RESOLVED/, /^\[AgentHost\]/, /^\[ChatModelSelection\]/, /No signed-in session/];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A scratch HOME so nothing lands in the real one; removed by cleanup(). */
export function scratchHome(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dirs = { root: dir, home: join(dir, 'home'), user: join(dir, 'user'), server: join(dir, 'server'), extensions: join(dir, 'extensions'), cache: join(dir, 'cache') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return {
    ...dirs,
    env: { HOME: dirs.home, XDG_CONFIG_HOME: join(dirs.home, '.config'), XDG_DATA_HOME: join(dirs.home, '.local/share'), XDG_CACHE_HOME: dirs.cache },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function waitForHttp(url, timeoutMs, proc) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the server exited with code ${proc.exitCode} before answering`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Starts a server and resolves once it answers HTTP. `kind` is 'vscode-server' (server-main.js, for
 * extension development and tests) or 'code-server'.
 */
export async function startServer({ runtime, kind, home, workspace, logFile, extraArgs = [], env = {} }) {
  const port = await freePort();
  const args =
    kind === 'vscode-server'
      ? [runtime.serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--user-data-dir', home.user, '--server-data-dir', home.server, '--extensions-dir', home.extensions, ...extraArgs]
      : [runtime.entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--user-data-dir', home.user, '--extensions-dir', home.extensions, ...extraArgs, workspace];
  const proc = spawn(runtime.node, args, { env: { ...process.env, ...home.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out = logFile ? createWriteStream(logFile) : undefined;
  proc.stdout.on('data', (d) => out?.write(d));
  proc.stderr.on('data', (d) => out?.write(d));
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(kind === 'code-server' ? `${base}/healthz` : `${base}/version`, 60_000, proc);
  return {
    port,
    base,
    proc,
    async stop() {
      if (proc.exitCode === null) {
        try {
          process.kill(-proc.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) {
          try {
            process.kill(-proc.pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
      out?.end();
    },
  };
}

export async function launchBrowser(executablePath, { colorScheme = 'dark', locale = 'en-US' } = {}) {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme, locale });
  const page = await context.newPage();
  return { browser, context, page };
}
