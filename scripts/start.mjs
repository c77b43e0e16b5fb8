#!/usr/bin/env node
// `npm start [-- WORKSPACE] [--port N]`: the extension in a real VS Code on a lab workspace.
// Installs what it needs (npm packages, Node 24 and code-server, cached in .vscode-runtime/), packages
// and installs the extension, then serves VS Code (code-server) on 127.0.0.1 until Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const portArg = argv.indexOf('--port');
const port = portArg >= 0 ? Number(argv[portArg + 1]) : 8080;
const workspace = resolve(argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--port') ?? join(root, 'lab-workspace'));

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(root, 'node_modules/.package-lock.json'))) run('npm', ['ci', '--no-audit', '--no-fund']);
const { ensureCodeServer } = await import('./vscode-runtime.mjs');
const runtime = ensureCodeServer();
const vsix = join(root, '.tmp', 'start.vsix');
run(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix]);

const state = join(root, '.vscode-runtime', 'start-profile');
const dirs = { user: join(state, 'user'), extensions: join(state, 'extensions'), config: join(state, 'config') };
for (const d of [...Object.values(dirs), workspace]) mkdirSync(d, { recursive: true });
run(runtime.node, [runtime.entry, '--install-extension', vsix, '--force', '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.user]);

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
console.log(`\nCats vs Dogs Lab in VS Code: open ${url}\nWorkspace: ${workspace}\nStop with Ctrl+C.\n`);
const server = spawn(runtime.node, [runtime.entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--user-data-dir', dirs.user, '--extensions-dir', dirs.extensions, workspace], {
  stdio: 'inherit',
  env: { ...process.env, XDG_CONFIG_HOME: dirs.config },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
