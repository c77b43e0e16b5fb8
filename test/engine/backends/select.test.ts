import { strict as assert } from 'node:assert';
import { EngineError } from '../../../src/engine/errors';
import { AUTO_ORDER, backendCapabilities, CONV_GRADIENT_KERNELS, selectBackend } from '../../../src/engine/tf/backends';
import { nativeSearchDirs, resolvePackage } from '../../../src/engine/tf/native';
import { tf } from '../../../src/engine/tf/tf';
import { MESA_APT_LINE } from '../../../src/engine/tf/webgpu';
import { restoreDefaultBackend } from './restore';

const installed = (name: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu') => !!resolvePackage(name, nativeSearchDirs(undefined));

describe('backend selection', () => {
  afterEach(restoreDefaultBackend);

  it("'auto' picks the first backend that works and says why each one before it did not", async function () {
    const logs: string[] = [];
    const report = await selectBackend('auto', { log: (m) => logs.push(m) });
    const chosenAt = AUTO_ORDER.indexOf(report.name);
    assert.deepEqual(report.rejected.map((r) => r.name), AUTO_ORDER.slice(0, chosenAt));
    for (const r of report.rejected) assert.ok(r.why.length > 10, `${r.name}: "${r.why}"`);
    assert.match(report.reason, /^fastest available: /);
    assert.ok(report.device.length > 0);
    assert.equal(tf().getBackend(), backendCapabilities(report.name).tfName);
    const gpu = report.rejected.find((r) => r.name === 'tensorflow-gpu');
    if (!installed('@tensorflow/tfjs-node-gpu')) assert.match(gpu?.why ?? '', /not installed: run `npm install @tensorflow\/tfjs-node-gpu` in the lab folder/);
    const cpuNative = report.rejected.find((r) => r.name === 'tensorflow');
    if (cpuNative && !installed('@tensorflow/tfjs-node')) assert.match(cpuNative.why, /npm install @tensorflow\/tfjs-node`/);
    assert.ok(logs.some((l) => l.includes(`using ${report.name}`)), logs.join('\n'));
    console.log(`      auto chose ${report.name} on ${report.device}; ${report.rejected.map((r) => `${r.name}: ${r.why}`).join(' | ')}`);
  });

  it("'auto' passes over a software GPU, saying it is slower than wasm", async () => {
    const report = await selectBackend('auto', { webgpu: { software: true } });
    const webgpu = report.rejected.find((r) => r.name === 'webgpu');
    assert.ok(webgpu, `webgpu was chosen: ${report.device}`);
    assert.match(webgpu.why, /software renderer \(llvmpipe/, `expected the Mesa llvmpipe adapter (install it: ${MESA_APT_LINE})`);
    assert.notEqual(report.name, 'webgpu');
  });

  it('fails clearly when a forced backend is not available', async function () {
    if (installed('@tensorflow/tfjs-node-gpu')) this.skip();
    await assert.rejects(selectBackend('tensorflow-gpu'), (err: unknown) => {
      assert.ok(err instanceof EngineError);
      assert.equal(err.code, 'backend');
      assert.match(err.message, /^The tensorflow-gpu backend can't be used: not installed/);
      assert.match(err.hint ?? '', /npm install @tensorflow\/tfjs-node-gpu/);
      return true;
    });
  });

  it('rejects an unknown backend name', async () => {
    await assert.rejects(selectBackend('cuda' as never), (err: EngineError) => err.code === 'backend' && /Unknown backend "cuda"/.test(err.message) && /auto, tensorflow-gpu/.test(err.hint ?? ''));
  });

  it('selects wasm from source: SIMD, one thread, no conv gradients, same numbers as cpu', async () => {
    const report = await selectBackend('wasm');
    assert.equal(report.name, 'wasm');
    assert.equal(tf().getBackend(), 'wasm');
    assert.match(report.reason, /SIMD on; 1 thread \(wasm multithreading is unavailable in Node\); no convolution gradients/);
    const caps = backendCapabilities('wasm');
    assert.equal(caps.convGradients, false);
    // The capability table must agree with the kernels tfjs really has.
    assert.equal(CONV_GRADIENT_KERNELS.every((k) => tf().getKernel(k, 'wasm') !== undefined), caps.convGradients);
    const x = tf().tensor4d(Array.from({ length: 2 * 6 * 6 * 3 }, (_, i) => Math.sin(i)), [2, 6, 6, 3]);
    const w = tf().tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i)), [3, 3, 3, 4]);
    const onWasm = await tf().conv2d(x, w, 1, 'same').data();
    await selectBackend('cpu');
    const onCpu = await tf().conv2d(x, w, 1, 'same').data();
    assert.equal(onWasm.length, onCpu.length);
    onCpu.forEach((v, i) => assert.ok(Math.abs(v - onWasm[i]) < 1e-4, `element ${i}: ${onWasm[i]} vs ${v}`));
  });

  it('the cpu backend has every conv gradient, as its capabilities say', async () => {
    const report = await selectBackend('cpu');
    assert.equal(report.name, 'cpu');
    assert.match(report.reason, /forced by the backend setting; slowest/);
    assert.equal(CONV_GRADIENT_KERNELS.every((k) => tf().getKernel(k, 'cpu') !== undefined), backendCapabilities('cpu').convGradients);
  });
});
