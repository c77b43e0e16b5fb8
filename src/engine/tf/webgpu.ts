/**
 * WebGPU in Node through Dawn (the `webgpu` npm package): any GPU with a Vulkan, Metal or D3D12 driver.
 * Node has no `navigator.gpu`, so the engine creates one with Dawn and only then loads
 * @tensorflow/tfjs-backend-webgpu, which registers itself only if `navigator.gpu` exists at load time.
 * The engine then registers its own 'webgpu' factory so tfjs uses the adapter inspected here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledTf } from './tf';

/** The Debian/Ubuntu packages that give Dawn a software OpenGL adapter (Mesa llvmpipe). */
export const MESA_APT_LINE = 'apt-get install -y libegl1 libegl-mesa0 libgl1-mesa-dri';

/** Where NVIDIA's container toolkit puts the Vulkan ICD file on headless machines. */
export const NVIDIA_ICD_FILES = ['/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json'];

export interface WebGpuOptions {
  /**
   * Use Dawn's OpenGL backend with a compatibility-mode adapter: it runs on Mesa's llvmpipe (a CPU
   * renderer), which is how tests exercise the WebGPU code path on machines without a GPU.
   * Also turned on by CATS_DOGS_WEBGPU_SOFTWARE=1.
   */
  software?: boolean;
  /** Dawn instance flags such as "backend=opengles" (CATS_DOGS_WEBGPU_FLAGS, comma-separated). */
  flags?: string[];
}

/** The subset of GPUAdapterInfo the engine reads. */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export interface AdapterLimitsLike {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeWorkgroupsPerDimension: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeInvocationsPerWorkgroup: number;
}

interface AdapterLike {
  info: AdapterInfoLike;
  limits: AdapterLimitsLike;
  features: { has(name: string): boolean };
  requestDevice(descriptor?: unknown): Promise<DeviceLike>;
}

interface DeviceLike {
  addEventListener?(type: 'uncapturederror', listener: (event: { error?: { message?: string } }) => void): void;
}

interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<AdapterLike | null>;
}

interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/** Everything known about the adapter the engine opened. */
export interface OpenedAdapter {
  adapter: AdapterLike;
  info: AdapterInfoLike;
  limits: AdapterLimitsLike;
  description: string;
  /** The software renderer's name (llvmpipe, SwiftShader...) when the adapter is not a real GPU. */
  software?: string;
}

export type AdapterResult = { ok: true; opened: OpenedAdapter } | { ok: false; why: string; hint: string };

/** Reads the WebGPU options from the environment, letting explicit options win. */
export function resolveWebGpuOptions(options: WebGpuOptions | undefined, env: NodeJS.ProcessEnv): Required<WebGpuOptions> {
  const software = options?.software ?? /^(1|true|yes)$/i.test(env.CATS_DOGS_WEBGPU_SOFTWARE ?? '');
  const envFlags = (env.CATS_DOGS_WEBGPU_FLAGS ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const flags = options?.flags ?? (envFlags.length ? envFlags : software ? ['backend=opengl'] : []);
  return { software, flags };
}

/** The adapter request: compatibility mode is what makes Dawn's OpenGL backend offer an adapter. */
export function adapterRequest(software: boolean): Record<string, unknown> {
  return software ? { featureLevel: 'compatibility' } : { powerPreference: 'high-performance' };
}

const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|softpipe|swiftshader|software rasterizer|microsoft basic render/i;

/** Names the software renderer behind an adapter, or undefined for a real GPU. */
export function softwareRenderer(info: AdapterInfoLike): string | undefined {
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const match = SOFTWARE_RENDERERS.exec(text);
  if (match) return match[0].toLowerCase();
  return info.isFallbackAdapter ? 'fallback adapter' : undefined;
}

/** "nvidia ampere NVIDIA H100 (Vulkan driver 550.54)" from whatever fields the driver filled in. */
export function describeAdapter(info: AdapterInfoLike): string {
  const parts = [info.vendor, info.architecture, info.device].map((p) => (p ?? '').trim()).filter(Boolean);
  const description = (info.description ?? '').trim();
  const head = parts.join(' ');
  if (!head) return description || 'unnamed GPU adapter';
  return description && !head.includes(description) ? `${head} (${description})` : head;
}

/**
 * On a headless NVIDIA machine the Vulkan loader finds no driver unless told where its ICD file is.
 * Sets VK_DRIVER_FILES when neither it nor the older VK_ICD_FILENAMES is set and a known file exists.
 * Returns the file it pointed at.
 */
export function pointVulkanAtDriver(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string | undefined {
  if (env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES) return undefined;
  const file = NVIDIA_ICD_FILES.find((f) => exists(f));
  if (file) env.VK_DRIVER_FILES = file;
  return file;
}

/** Where Debian, Fedora and Arch put shared libraries, for when ld.so.cache cannot be read. */
const LIBRARY_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];

export interface LoaderProbe {
  exists(path: string): boolean;
  /** The dynamic linker's cache (/etc/ld.so.cache) as text, or undefined when it cannot be read. */
  linkerCache(): string | undefined;
}

const realProbe: LoaderProbe = {
  exists: existsSync,
  linkerCache: () => {
    try {
      return readFileSync('/etc/ld.so.cache', 'latin1');
    } catch {
      return undefined;
    }
  },
};

/**
 * Whether Linux's Vulkan loader (libvulkan.so.1) can be found. Dawn's Vulkan backend needs it; without
 * it Dawn prints a native warning on every start and finds no GPU, so the engine says why instead and
 * never starts Dawn. Only asked when Dawn would use Vulkan (not with backend=opengl flags).
 */
export function vulkanLoaderFound(env: NodeJS.ProcessEnv, probe: LoaderProbe = realProbe): boolean {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIBRARY_DIRS];
  if (dirs.some((dir) => probe.exists(join(dir, 'libvulkan.so.1')))) return true;
  const cache = probe.linkerCache();
  // No cache to read (a musl or unusual system): let Dawn try rather than wrongly rule the GPU out.
  return cache === undefined || cache.includes('libvulkan.so.1');
}

function usesVulkan(options: Required<WebGpuOptions>): boolean {
  if (process.platform !== 'linux' || options.software) return false;
  const backend = options.flags.find((f) => f.startsWith('backend='));
  return !backend || /vulkan/i.test(backend);
}

let dawn: DawnModule | undefined;

async function loadDawn(): Promise<DawnModule> {
  // `webgpu` is ESM-only and stays outside the bundle; import() works from CommonJS.
  dawn ??= (await import('webgpu')) as unknown as DawnModule;
  return dawn;
}

/** Creates a Dawn instance and asks it for an adapter; says why not when there is none. */
export async function openAdapter(options: Required<WebGpuOptions>, log: (msg: string) => void): Promise<AdapterResult> {
  const platform = `${process.platform}-${process.arch}`;
  let module: DawnModule;
  try {
    module = await loadDawn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      why: `the webgpu package (Dawn) could not be loaded on ${platform}: ${message.split('\n')[0]}`,
      hint: 'Dawn ships prebuilt for linux-x64/arm64 (glibc), macOS and Windows; reinstall the extension, or use another backend.',
    };
  }
  if (usesVulkan(options) && !vulkanLoaderFound(process.env)) {
    return {
      ok: false,
      why: 'the Vulkan loader (libvulkan.so.1) is not installed, so Dawn cannot reach a GPU',
      hint: 'Install it (Debian/Ubuntu: `apt-get install libvulkan1`, Fedora: `dnf install vulkan-loader`) with the GPU\'s Vulkan driver, or use another backend.',
    };
  }
  const icd = pointVulkanAtDriver(process.env);
  if (icd) log(`webgpu: VK_DRIVER_FILES=${icd}`);
  if (options.software && !process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = 'surfaceless';
  let adapter: AdapterLike | null;
  try {
    const gpu = module.create(options.flags);
    installNavigatorGpu(gpu, module.globals);
    adapter = await gpu.requestAdapter(adapterRequest(options.software));
  } catch (err) {
    return { ok: false, why: `Dawn failed to start: ${err instanceof Error ? err.message : String(err)}`, hint: noAdapterHint(options) };
  }
  if (!adapter) {
    const why = options.software
      ? `no software GPU adapter (Dawn flags ${options.flags.join(',') || 'none'}; Mesa's EGL/llvmpipe libraries may be missing)`
      : 'no GPU adapter found (Dawn found no Vulkan, Metal or D3D12 driver for a GPU)';
    return { ok: false, why, hint: noAdapterHint(options) };
  }
  const info = adapter.info ?? {};
  return {
    ok: true,
    opened: { adapter, info, limits: adapter.limits, description: describeAdapter(info), software: softwareRenderer(info) },
  };
}

function noAdapterHint(options: Required<WebGpuOptions>): string {
  if (options.software) return `Install Mesa's EGL and OpenGL drivers (Debian/Ubuntu: \`${MESA_APT_LINE}\`) and run with EGL_PLATFORM=surfaceless.`;
  return (
    'WebGPU needs a GPU driver with Vulkan (Linux, Windows), Metal (macOS) or D3D12 (Windows). On a headless Linux ' +
    'machine install the Vulkan loader (libvulkan1) and point VK_DRIVER_FILES at the driver\'s ICD JSON file; or use another backend.'
  );
}

function installNavigatorGpu(gpu: GpuLike, globals: Record<string, unknown>): void {
  // GPUBufferUsage, GPUMapMode... are read as globals by tfjs' webgpu kernels.
  for (const [key, value] of Object.entries(globals)) {
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  const g = globalThis as { navigator?: object };
  // Node 21+ has a `navigator` of its own: add `gpu` to it rather than replacing it.
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

const MAX_KEPT_ERRORS = 20;
const gpuErrors: string[] = [];

/**
 * The GPU's validation errors since the last call (first line of each), then forgets them. tfjs
 * does not look at them: a kernel whose buffer is past the adapter's limits just leaves zeros or NaN.
 */
export function takeGpuErrors(): string[] {
  return gpuErrors.splice(0, gpuErrors.length);
}

type WebGpuBackendClass = new (device: DeviceLike, adapterInfo?: AdapterInfoLike) => object;

function loadWebGpuBackendModule(): { WebGPUBackend: WebGpuBackendClass } {
  // A require inside a function so that the bundle evaluates the module only now, after
  // navigator.gpu exists (a top-level import would run first and register nothing).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@tensorflow/tfjs-backend-webgpu') as { WebGPUBackend: WebGpuBackendClass };
}

/** Makes the opened adapter tfjs' 'webgpu' backend and switches to it. */
export async function activateWebGpu(opened: OpenedAdapter): Promise<void> {
  const { WebGPUBackend } = loadWebGpuBackendModule();
  const { adapter, limits } = opened;
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  // Ask for the adapter's own limits: the defaults are far lower (128 MiB storage bindings).
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  gpuErrors.length = 0;
  device.addEventListener?.('uncapturederror', (event) => {
    if (gpuErrors.length < MAX_KEPT_ERRORS) gpuErrors.push((event.error?.message ?? 'unknown GPU error').split('\n')[0]);
  });
  const tf = bundledTf();
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, opened.info) as never, 3);
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend on this adapter');
}
