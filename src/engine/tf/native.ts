/**
 * The native TensorFlow packages (@tensorflow/tfjs-node and -node-gpu) cannot ship inside the extension:
 * their install step downloads libtensorflow. A user enables them with `npm install` in the lab folder,
 * so they are looked up at run time: the lab folder's node_modules first, then the engine's own.
 * Each brings its own copy of tfjs, in which it registers the 'tensorflow' backend.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Tf } from './tf';

export type NativePackageName = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

export interface SearchDir {
  dir: string;
  from: 'workspace' | 'engine';
}

export interface ResolvedPackage {
  name: NativePackageName;
  /** The package's main file, absolute. */
  entry: string;
  from: SearchDir['from'];
}

/** The folders searched for native packages, in order. */
export function nativeSearchDirs(workspaceDir: string | undefined, engineDir: string = __dirname): SearchDir[] {
  const dirs: SearchDir[] = [];
  if (workspaceDir) dirs.push({ dir: workspaceDir, from: 'workspace' });
  dirs.push({ dir: engineDir, from: 'engine' });
  return dirs;
}

/** Finds a package the way Node would from each folder in turn; undefined when none has it. */
export function resolvePackage(name: NativePackageName, dirs: SearchDir[]): ResolvedPackage | undefined {
  for (const { dir, from } of dirs) {
    try {
      // The file name is only an anchor: resolution starts in `dir` and walks up its node_modules.
      const entry = createRequire(join(dir, '__resolve__.js')).resolve(name);
      return { name, entry, from };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  return undefined;
}

const NAMESPACE_FUNCTIONS = ['setBackend', 'getBackend', 'ready', 'backend', 'tensor', 'tidy', 'sequential', 'loadLayersModel'];

/** True for an object that exposes the tfjs API the engine relies on. */
export function looksLikeTf(value: unknown): value is Tf {
  if (typeof value !== 'object' || value === null) return false;
  const ns = value as Record<string, unknown>;
  return NAMESPACE_FUNCTIONS.every((f) => typeof ns[f] === 'function');
}

const loaded = new Map<string, { pkg: ResolvedPackage; ns: Tf }>();

/**
 * Loads a resolved package (once per process: a second copy of libtensorflow must never be loaded)
 * and returns its tfjs namespace. Throws with the loader's message when the native addon is missing or
 * its libraries (libtensorflow, CUDA, cuDNN) can't be loaded.
 */
export function loadNativeTf(pkg: ResolvedPackage): Tf {
  const cached = loaded.get(pkg.entry);
  if (cached) return cached.ns;
  // createRequire keeps the bundler from trying to resolve this path at build time.
  const ns: unknown = createRequire(pkg.entry)(pkg.entry);
  if (!looksLikeTf(ns)) throw new Error(`${pkg.entry} does not export the TensorFlow.js API`);
  loaded.set(pkg.entry, { pkg, ns });
  return ns;
}

/** The package already loaded in this process, if any (only one libtensorflow can be loaded). */
export function loadedNativePackage(): { pkg: ResolvedPackage; ns: Tf } | undefined {
  return loaded.values().next().value;
}

/** Forgets loaded packages. For tests that load fake packages only: a real libtensorflow stays loaded. */
export function forgetNativePackagesForTests(): void {
  loaded.clear();
}

/** Whether TensorFlow placed its ops on a CUDA GPU (the -gpu package falls back to the CPU silently). */
export function usesCudaGpu(ns: Tf): boolean {
  const backend = ns.backend() as unknown as { isUsingGpuDevice?: boolean | (() => boolean); binding?: { isUsingGpuDevice?: () => boolean } };
  const flag = backend.isUsingGpuDevice;
  if (typeof flag === 'boolean') return flag;
  if (typeof flag === 'function') return flag.call(backend);
  return backend.binding?.isUsingGpuDevice?.() ?? false;
}
