/**
 * Picks the TensorFlow.js backend a job runs on and says why. 'auto' tries, fastest first:
 * TensorFlow with CUDA (@tensorflow/tfjs-node-gpu), WebGPU through Dawn (any GPU with Vulkan, Metal or
 * D3D12), native TensorFlow on the CPU (@tensorflow/tfjs-node), WebAssembly, plain JavaScript.
 * Any other choice forces that backend and fails with EngineError('backend') when it can't run.
 * Call once per process, before any model or tensor exists (native TensorFlow swaps the tfjs namespace).
 */
import { cpus } from 'node:os';
import { BACKENDS, type BackendChoice, type BackendName, type BackendReport } from '../../shared/protocol/engine';
import { EngineError } from '../errors';
import { loadedNativePackage, loadNativeTf, nativeSearchDirs, resolvePackage, usesCudaGpu, type NativePackageName } from './native';
import { bundledTf, useTf } from './tf';
import { activateWasm } from './wasm';
import { activateWebGpu, openAdapter, resolveWebGpuOptions, type AdapterLimitsLike, type WebGpuOptions } from './webgpu';

export interface SelectBackendOptions {
  /** The lab folder: its node_modules is searched first for @tensorflow/tfjs-node(-gpu). */
  workspaceDir?: string;
  /** Folder holding tfjs' .wasm files (default: dist/wasm beside the bundle, or the package's dist). */
  wasmDir?: string;
  log?: (msg: string) => void;
  webgpu?: WebGpuOptions;
}

export interface BackendCapabilities {
  /** The tfjs backend name behind it ('tensorflow' for both native packages). */
  tfName: string;
  gpu: boolean;
  /**
   * Whether Conv2D / DepthwiseConv2D gradients exist. Without them (wasm) only layers after the last
   * convolution can be trained: a frozen backbone with a Dense head, never fine-tuning conv layers.
   */
  convGradients: boolean;
  /** WebGPU: the largest buffer one kernel may bind. Larger tensors give NaN silently: see maxSafeBatch. */
  maxStorageBufferBytes?: number;
  /** WebGPU: the largest buffer the device can allocate. */
  maxBufferBytes?: number;
  /** Threads the backend computes with, where it is fixed (wasm and cpu in Node: 1). */
  threads?: number;
  /** wasm32's memory ceiling (4 GiB): large batches through big backbones abort. */
  maxMemoryBytes?: number;
  /** WebGPU on a software renderer (llvmpipe): correct but slow; meant for tests. */
  softwareRenderer?: string;
}

const STATIC_CAPABILITIES: Record<BackendName, BackendCapabilities> = {
  'tensorflow-gpu': { tfName: 'tensorflow', gpu: true, convGradients: true },
  webgpu: { tfName: 'webgpu', gpu: true, convGradients: true },
  tensorflow: { tfName: 'tensorflow', gpu: false, convGradients: true },
  wasm: { tfName: 'wasm', gpu: false, convGradients: false, threads: 1, maxMemoryBytes: 4 * 1024 ** 3 },
  cpu: { tfName: 'cpu', gpu: false, convGradients: true, threads: 1 },
};

/** The kernels a backend needs to train convolution layers. */
export const CONV_GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'];

let webgpuDetails: { limits: AdapterLimitsLike; software?: string } | undefined;
let selected: BackendName | undefined;

/** What a backend can do; for webgpu, with the limits of the adapter selectBackend opened. */
export function backendCapabilities(name: BackendName): BackendCapabilities {
  const caps = { ...STATIC_CAPABILITIES[name] };
  if (name === 'webgpu' && webgpuDetails) {
    caps.maxStorageBufferBytes = webgpuDetails.limits.maxStorageBufferBindingSize;
    caps.maxBufferBytes = webgpuDetails.limits.maxBufferSize;
    if (webgpuDetails.software) caps.softwareRenderer = webgpuDetails.software;
  }
  return caps;
}

/** The backend the last successful selectBackend chose. */
export function selectedBackend(): BackendName | undefined {
  return selected;
}

type Attempt = { ok: true; device: string; note: string } | { ok: false; why: string; hint?: string };

interface AttemptContext extends SelectBackendOptions {
  forced: boolean;
  log: (msg: string) => void;
}

/** The order 'auto' tries. */
export const AUTO_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

const FASTEST: Record<BackendName, string> = {
  'tensorflow-gpu': 'TensorFlow on a CUDA GPU',
  webgpu: 'the GPU through WebGPU (Dawn)',
  tensorflow: 'native TensorFlow on the CPU',
  wasm: 'WebAssembly on the CPU',
  cpu: 'plain JavaScript on the CPU',
};

export async function selectBackend(choice: BackendChoice, opts: SelectBackendOptions = {}): Promise<BackendReport> {
  if (choice !== 'auto' && !(BACKENDS as readonly string[]).includes(choice)) {
    throw new EngineError('backend', `Unknown backend "${String(choice)}".`, `Use one of: auto, ${BACKENDS.join(', ')}.`);
  }
  const log = opts.log ?? (() => undefined);
  const forced = choice !== 'auto';
  const ctx: AttemptContext = { ...opts, forced, log };
  const rejected: BackendReport['rejected'] = [];
  for (const name of forced ? [choice] : AUTO_ORDER) {
    log(`backend: trying ${name}`);
    let attempt: Attempt;
    try {
      attempt = await ATTEMPTS[name](ctx);
    } catch (err) {
      attempt = { ok: false, why: `failed to start: ${firstLine(err)}` };
    }
    if (attempt.ok) {
      selected = name;
      const why = forced ? 'forced by the backend setting' : `fastest available: ${FASTEST[name]}`;
      log(`backend: using ${name} on ${attempt.device}`);
      return { name, reason: attempt.note ? `${why}; ${attempt.note}` : why, rejected, device: attempt.device };
    }
    log(`backend: ${name} not used: ${attempt.why}`);
    if (forced) {
      throw new EngineError('backend', `The ${name} backend can't be used: ${attempt.why}.`, attempt.hint ?? 'Set the backend to "auto" to use the best one available.');
    }
    rejected.push({ name, why: attempt.why });
  }
  // Unreachable while 'cpu' is last in AUTO_ORDER and pure JavaScript starts everywhere.
  throw new EngineError('backend', 'No TensorFlow.js backend could start.', rejected.map((r) => `${r.name}: ${r.why}`).join('; '));
}

const ATTEMPTS: Record<BackendName, (ctx: AttemptContext) => Promise<Attempt>> = {
  'tensorflow-gpu': (ctx) => tryTensorflow(true, ctx),
  webgpu: tryWebGpu,
  tensorflow: (ctx) => tryTensorflow(false, ctx),
  wasm: tryWasm,
  cpu: tryCpu,
};

const NATIVE_PACKAGE: Record<'gpu' | 'cpu', NativePackageName> = { gpu: '@tensorflow/tfjs-node-gpu', cpu: '@tensorflow/tfjs-node' };

const CUDA_NEEDS = 'Linux x64, an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1';

async function tryTensorflow(gpu: boolean, ctx: AttemptContext): Promise<Attempt> {
  const pkgName = NATIVE_PACKAGE[gpu ? 'gpu' : 'cpu'];
  const already = loadedNativePackage();
  // One libtensorflow per process: the CPU backend reuses a -gpu package loaded (without a GPU) before.
  const pkg = already && (!gpu || already.pkg.name === pkgName) ? already.pkg : resolvePackage(pkgName, nativeSearchDirs(ctx.workspaceDir));
  if (!pkg) {
    const needs = gpu ? ` (needs ${CUDA_NEEDS})` : '';
    return {
      ok: false,
      why: `not installed: run \`npm install ${pkgName}\` in the lab folder to enable it${needs}`,
      hint: `Run \`npm install ${pkgName}\` in the lab folder${needs}: its install step downloads libtensorflow. Or set the backend to "auto".`,
    };
  }
  if (already && already.pkg.entry !== pkg.entry) {
    return { ok: false, why: `${already.pkg.name} is already loaded in this process and TensorFlow can be loaded only once`, hint: 'Restart the engine to switch between the native packages.' };
  }
  let ns;
  try {
    ns = loadNativeTf(pkg);
  } catch (err) {
    return {
      ok: false,
      why: `${pkg.name} is installed (${pkg.entry}) but failed to load: ${firstLine(err)}`,
      hint: gpu
        ? `It needs ${CUDA_NEEDS} libraries on the library path. Reinstall it with \`npm install ${pkg.name}\` in the lab folder if its download failed.`
        : `Reinstall it with \`npm install ${pkg.name}\` in the lab folder (its install step downloads libtensorflow).`,
    };
  }
  if (!(await ns.setBackend('tensorflow'))) return { ok: false, why: `${pkg.name} loaded, but its tensorflow backend did not start` };
  if (gpu && !usesCudaGpu(ns)) {
    return { ok: false, why: `${pkg.name} loaded, but TensorFlow found no CUDA GPU (it needs ${CUDA_NEEDS})`, hint: `Check \`nvidia-smi\` and that the CUDA 11.2 and cuDNN 8.1 libraries are on LD_LIBRARY_PATH.` };
  }
  useTf(ns);
  const version = (ns as unknown as { version?: Record<string, string> }).version;
  const tfVersion = version?.['tfjs-node'] ?? version?.['tfjs-core'] ?? '';
  const where = pkg.from === 'workspace' ? 'from the lab folder' : 'beside the engine';
  const via = pkg.name === NATIVE_PACKAGE.gpu && !gpu ? ` through ${pkg.name} (loaded earlier, no GPU)` : '';
  return {
    ok: true,
    device: gpu ? `CUDA GPU through TensorFlow (${pkg.name} ${tfVersion})` : `${cpuDescription()} through TensorFlow (${pkg.name} ${tfVersion})`,
    note: `${pkg.name} ${where}${via}`,
  };
}

async function tryWebGpu(ctx: AttemptContext): Promise<Attempt> {
  const options = resolveWebGpuOptions(ctx.webgpu, process.env);
  const result = await openAdapter(options, ctx.log);
  if (!result.ok) return result;
  const { opened } = result;
  if (opened.software && !ctx.forced) {
    return {
      ok: false,
      why: `the only adapter is a software renderer (${opened.software}: ${opened.description}), slower than wasm`,
      hint: 'Set the backend to "webgpu" to use it anyway (tests do).',
    };
  }
  useTf(bundledTf());
  await activateWebGpu(opened);
  const sanity = await sanityCheck();
  if (sanity) return { ok: false, why: `the adapter gave wrong results (${sanity})`, hint: 'Update the GPU driver, or use another backend.' };
  webgpuDetails = { limits: opened.limits, software: opened.software };
  const mib = Math.floor(opened.limits.maxStorageBufferBindingSize / 2 ** 20);
  const notes = [`largest GPU buffer binding ${mib} MiB (batches are kept under it)`];
  if (opened.software) notes.unshift(`software renderer (${opened.software}): correct but much slower than a GPU, meant for tests`);
  return { ok: true, device: opened.description, note: notes.join('; ') };
}

async function tryWasm(ctx: AttemptContext): Promise<Attempt> {
  useTf(bundledTf());
  let info;
  try {
    info = await activateWasm(ctx.wasmDir);
  } catch (err) {
    return { ok: false, why: firstLine(err), hint: 'Reinstall the extension (dist/wasm holds the .wasm files), or use the cpu backend.' };
  }
  const sanity = await sanityCheck();
  if (sanity) return { ok: false, why: `wrong results (${sanity})` };
  const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'} (wasm multithreading is unavailable in Node)`;
  return {
    ok: true,
    device: `${cpuDescription()}, WebAssembly${info.simd ? ' SIMD' : ''}`,
    note: `${info.simd ? 'SIMD on' : 'no SIMD'}; ${threads}; no convolution gradients, so conv layers can't be fine-tuned on it`,
  };
}

async function tryCpu(): Promise<Attempt> {
  useTf(bundledTf());
  const tf = bundledTf();
  if (!(await tf.setBackend('cpu'))) return { ok: false, why: 'the cpu backend did not start' };
  // The cpu backend prints a "install tfjs-node" banner on first use; the report already says so.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return { ok: true, device: cpuDescription(), note: 'slowest: one thread of plain JavaScript' };
}

/** Runs a tiny matmul on the active bundled backend; returns what went wrong, if anything. */
async function sanityCheck(): Promise<string | undefined> {
  const tf = bundledTf();
  const product = tf.tidy(() => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    return tf.matMul(a, a);
  });
  const values = Array.from(await product.data());
  product.dispose();
  const expected = [7, 10, 15, 22];
  return values.every((v, i) => Math.abs(v - expected[i]) < 1e-4) ? undefined : `[[1,2],[3,4]]^2 gave [${values.join(', ')}]`;
}

function cpuDescription(): string {
  const all = cpus();
  const model = all[0]?.model?.trim() || 'CPU';
  return `${model} (${all.length} core${all.length === 1 ? '' : 's'})`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
