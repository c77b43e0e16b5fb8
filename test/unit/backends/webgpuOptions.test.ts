import { strict as assert } from 'node:assert';
import {
  adapterRequest,
  describeAdapter,
  NVIDIA_ICD_FILES,
  pointVulkanAtDriver,
  resolveWebGpuOptions,
  softwareRenderer,
  vulkanLoaderFound,
} from '../../../src/engine/tf/webgpu';

describe('WebGPU options and adapter facts', () => {
  it('uses the GPU drivers by default and the OpenGL software path when asked', () => {
    assert.deepEqual(resolveWebGpuOptions(undefined, {}), { software: false, flags: [] });
    assert.deepEqual(resolveWebGpuOptions({ software: true }, {}), { software: true, flags: ['backend=opengl'] });
    assert.deepEqual(resolveWebGpuOptions(undefined, { CATS_DOGS_WEBGPU_SOFTWARE: '1' }), { software: true, flags: ['backend=opengl'] });
    assert.deepEqual(resolveWebGpuOptions(undefined, { CATS_DOGS_WEBGPU_SOFTWARE: '0' }), { software: false, flags: [] });
  });

  it('takes Dawn flags from CATS_DOGS_WEBGPU_FLAGS, explicit options winning', () => {
    const env = { CATS_DOGS_WEBGPU_SOFTWARE: 'true', CATS_DOGS_WEBGPU_FLAGS: ' backend=opengles , enable-dawn-features=allow_unsafe_apis' };
    assert.deepEqual(resolveWebGpuOptions(undefined, env).flags, ['backend=opengles', 'enable-dawn-features=allow_unsafe_apis']);
    assert.deepEqual(resolveWebGpuOptions({ flags: ['backend=vulkan'] }, env), { software: true, flags: ['backend=vulkan'] });
    assert.deepEqual(resolveWebGpuOptions({ software: false }, env).software, false);
  });

  it('requests a compatibility-mode adapter only for the software path', () => {
    assert.deepEqual(adapterRequest(true), { featureLevel: 'compatibility' });
    assert.deepEqual(adapterRequest(false), { powerPreference: 'high-performance' });
  });

  it('tells software renderers from GPUs', () => {
    assert.equal(softwareRenderer({ device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version 4.5 (Core Profile) Mesa 22.3.6' }), 'llvmpipe');
    assert.equal(softwareRenderer({ vendor: 'google', device: 'SwiftShader Device (Subzero)' }), 'swiftshader');
    assert.equal(softwareRenderer({ description: 'llvmpipe (LLVM 15.0.6, 256 bits) lavapipe' }), 'llvmpipe');
    assert.equal(softwareRenderer({ isFallbackAdapter: true }), 'fallback adapter');
    assert.equal(softwareRenderer({ vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H100 80GB HBM3', description: 'NVIDIA: 550.54.15' }), undefined);
  });

  it('describes an adapter from the fields its driver filled in', () => {
    assert.equal(describeAdapter({ vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 570.1' }), 'nvidia hopper NVIDIA H200 (NVIDIA: 570.1)');
    assert.equal(describeAdapter({ vendor: '', architecture: '', device: 'llvmpipe', description: 'OpenGL 4.5 Mesa' }), 'llvmpipe (OpenGL 4.5 Mesa)');
    assert.equal(describeAdapter({ description: 'only a description' }), 'only a description');
    assert.equal(describeAdapter({}), 'unnamed GPU adapter');
  });

  it("points Vulkan at NVIDIA's ICD file only when nothing else is set and the file exists", () => {
    const env: NodeJS.ProcessEnv = {};
    assert.equal(pointVulkanAtDriver(env, () => true), NVIDIA_ICD_FILES[0]);
    assert.equal(env.VK_DRIVER_FILES, NVIDIA_ICD_FILES[0]);

    const missing: NodeJS.ProcessEnv = {};
    assert.equal(pointVulkanAtDriver(missing, () => false), undefined);
    assert.equal(missing.VK_DRIVER_FILES, undefined);

    const chosen: NodeJS.ProcessEnv = { VK_DRIVER_FILES: '/mine.json' };
    pointVulkanAtDriver(chosen, () => true);
    assert.equal(chosen.VK_DRIVER_FILES, '/mine.json');
    const legacy: NodeJS.ProcessEnv = { VK_ICD_FILENAMES: '/old.json' };
    pointVulkanAtDriver(legacy, () => true);
    assert.equal(legacy.VK_DRIVER_FILES, undefined);
  });

  it('finds the Vulkan loader in LD_LIBRARY_PATH, the usual folders or the linker cache, and trusts Dawn when the cache is unreadable', () => {
    const probe = (files: string[], cache: string | undefined) => ({ exists: (p: string) => files.includes(p), linkerCache: () => cache });
    assert.equal(vulkanLoaderFound({}, probe([], 'libc.so.6\0libm.so.6')), false);
    assert.equal(vulkanLoaderFound({}, probe([], 'libc.so.6\0libvulkan.so.1\0/usr/lib/x86_64-linux-gnu/libvulkan.so.1')), true);
    assert.equal(vulkanLoaderFound({}, probe(['/usr/lib64/libvulkan.so.1'], '')), true);
    assert.equal(vulkanLoaderFound({ LD_LIBRARY_PATH: '/opt/vk/lib:' }, probe(['/opt/vk/lib/libvulkan.so.1'], '')), true);
    assert.equal(vulkanLoaderFound({}, probe([], undefined)), true);
  });
});
