#!/usr/bin/env node
// Builds the three kinds of bundle with esbuild:
//   dist/extension.js   the extension host (cjs, node, `vscode` external)
//   dist/engine.js      the engine child process and the `cats-dogs` CLI (cjs, node, native modules external)
//   dist/webview/*.js   browser bundles for the webviews (iife)
// plus the assets they load at run time: tfjs' wasm binaries, the config JSON Schema, webview CSS,
// and the integration-test bundle (out/test/suite/index.js) when --tests is given.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');
const withTests = args.has('--tests') || !production;

// Native or ESM-only packages that are loaded from node_modules at run time, never bundled.
export const ENGINE_EXTERNALS = ['sharp', 'onnxruntime-node', 'h5wasm', 'h5wasm/*', 'webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

const common = {
  bundle: true,
  // jsonc-parser's default (UMD) build requires its modules dynamically, which a bundle cannot follow.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
  absWorkingDir: root,
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...ENGINE_EXTERNALS],
  },
  {
    ...common,
    entryPoints: { engine: 'src/engine/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ENGINE_EXTERNALS,
  },
  {
    ...common,
    entryPoints: {
      experiments: 'webview/experiments/main.ts',
      training: 'webview/training/main.ts',
    },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  },
];

// Integration suites: test/integration/suite (a trusted workspace) and test/integration/restricted
// (an untrusted one, Restricted Mode), each file bundled separately into out/test/<folder>/.
for (const folder of ['suite', 'restricted']) {
  if (!withTests || !existsSync(join(root, 'test/integration', folder))) continue;
  const suites = readdirSync(join(root, 'test/integration', folder)).filter((f) => f.endsWith('.ts'));
  builds.push({
    ...common,
    entryPoints: Object.fromEntries(suites.map((f) => [f.replace(/\.ts$/, ''), `test/integration/${folder}/${f}`])),
    outdir: `out/test/${folder}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', ...ENGINE_EXTERNALS],
  });
}

function copyAssets() {
  mkdirSync(join(root, 'dist/wasm'), { recursive: true });
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    cpSync(join(wasmDir, 'dist', f), join(root, 'dist/wasm', f));
  }
  mkdirSync(join(root, 'dist/webview'), { recursive: true });
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  if (existsSync(codicons)) {
    cpSync(join(codicons, 'codicon.css'), join(root, 'dist/webview/codicon.css'));
    cpSync(join(codicons, 'codicon.ttf'), join(root, 'dist/webview/codicon.ttf'));
  }
}

async function writeSchema() {
  // The JSON Schema lives in TypeScript (src/shared); evaluate it once and write the JSON the editor loads.
  const out = await esbuild.build({ entryPoints: ['src/shared/config/schema.ts'], bundle: true, write: false, format: 'cjs', platform: 'neutral', absWorkingDir: root });
  const mod = { exports: {} };
  new Function('module', 'exports', out.outputFiles[0].text)(mod, mod.exports);
  mkdirSync(join(root, 'dist/schema'), { recursive: true });
  writeFileSync(join(root, 'dist/schema/experiment.schema.json'), JSON.stringify(mod.exports.experimentSchema, null, 2) + '\n');
}

async function main() {
  if (!watch && !args.has('--keep')) rmSync(join(root, 'dist'), { recursive: true, force: true });
  copyAssets();
  await writeSchema();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('watching...');
    return;
  }
  const started = Date.now();
  const pkgVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  for (const b of builds) b.define = { __ENGINE_VERSION__: JSON.stringify(pkgVersion) };
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  console.log(`built ${pkg.name} ${pkg.version} in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
