/**
 * The wasm backend: fast CPU inference with SIMD. In Node it runs on one thread (its multithreaded
 * build starts workers from blob: URLs, which Node can't), and it has no kernels for convolution
 * gradients, so conv layers can't be trained on it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundledTf } from './tf';
import { useFastWasmMatMul } from './wasmMatMul';

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/**
 * Where the .wasm binaries are: the bundle's dist/wasm/ (scripts/build.mjs copies them there, next
 * to dist/engine.js), else the package's own dist/ when running from source.
 */
export function findWasmDir(explicit?: string, engineDir: string = __dirname): string | undefined {
  const candidates = [explicit, join(engineDir, 'wasm')];
  try {
    candidates.push(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    // not installed beside the engine: only the bundle's copy can work
  }
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, WASM_FILE)));
}

interface WasmModule {
  setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
  getThreadsCount(): number;
}

let wasmModule: WasmModule | undefined;
let pathsSet = false;

function loadWasmModule(): WasmModule {
  // Loaded on demand: importing it registers the backend, which only selection should do.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  wasmModule ??= require('@tensorflow/tfjs-backend-wasm') as WasmModule;
  return wasmModule;
}

export interface WasmInfo {
  dir: string;
  simd: boolean;
  threads: number;
}

/** Switches the bundled tfjs to wasm; throws with a plain message when it can't start. */
export async function activateWasm(explicitDir?: string): Promise<WasmInfo> {
  const dir = findWasmDir(explicitDir);
  if (!dir) throw new Error(`${WASM_FILE} was not found (looked in ${explicitDir ?? 'dist/wasm'} and node_modules/@tensorflow/tfjs-backend-wasm/dist)`);
  const mod = loadWasmModule();
  const tf = bundledTf();
  // Paths must be set before the backend first initialises; a trailing separator makes it a prefix.
  if (!pathsSet) mod.setWasmPaths(join(dir, '/'));
  pathsSet = true;
  useFastWasmMatMul();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error(`the wasm backend failed to start from ${dir}`);
  return { dir, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: mod.getThreadsCount() };
}
