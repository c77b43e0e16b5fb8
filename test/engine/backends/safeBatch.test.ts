import { strict as assert } from 'node:assert';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import { estimateBuffers, maxSafeBatch } from '../../../src/engine/tf/safeBatch';
import { tf } from '../../../src/engine/tf/tf';
import { tinyConvNet } from './tinyNet';

const MiB = 2 ** 20;

describe('maxSafeBatch: batch sizes under the WebGPU buffer limit', () => {
  const models: LayersModel[] = [];
  const keep = <T extends LayersModel>(m: T): T => (models.push(m), m);
  after(() => models.forEach((m) => m.dispose()));

  it('finds the largest activation of a small conv net, per example', () => {
    const model = keep(tinyConvNet(tf(), 16));
    // input 16*16*3, conv/bn/relu 8*8*8, 1x1 conv 8*8*16 = 1024 floats: the largest.
    const estimate = estimateBuffers(model, [16, 16, 3]);
    assert.equal(estimate.perExampleBytes, 8 * 8 * 16 * 4);
    assert.match(estimate.largestActivation, /conv2d.* (output|input)$/);
    assert.equal(estimate.largestWeightBytes, 3 * 3 * 3 * 8 * 4); // the first conv's kernel [3,3,3,8]
    assert.equal(maxSafeBatch(model, [16, 16, 3], { maxStorageBufferBindingSize: MiB }), Math.floor(MiB / 4096));
  });

  it('sizes for the input shape given, not the one the model was built with', () => {
    const t = tf();
    const model = keep(t.sequential({ layers: [t.layers.conv2d({ inputShape: [null, null, 3], filters: 4, kernelSize: 3, padding: 'same' }), t.layers.globalAveragePooling2d({})] }));
    assert.equal(estimateBuffers(model, [10, 20, 3]).perExampleBytes, 10 * 20 * 4 * 4);
    assert.equal(estimateBuffers(model, [100, 100, 3]).perExampleBytes, 100 * 100 * 4 * 4);
    assert.throws(() => estimateBuffers(model, [null as never, 10, 3]), /unknown dimension/);
  });

  it('looks inside a backbone nested in the training model', () => {
    const t = tf();
    const backbone = tinyConvNet(t, 32); // disposed with the model that holds it
    const input = t.input({ shape: [32, 32, 3] });
    const features = backbone.apply(input) as SymbolicTensor;
    const head = t.layers.dense({ units: 2 }).apply(features) as SymbolicTensor;
    const model = keep(t.model({ inputs: input, outputs: head }));
    // Inside the backbone: the 1x1 conv's output, 16*16*16 floats, dwarfs the head.
    assert.equal(estimateBuffers(model, [32, 32, 3]).perExampleBytes, 16 * 16 * 16 * 4);
  });

  it('matches the measured MobileNetV2 failure at 224 and 128 MiB (batch 32 fails)', () => {
    // MobileNetV2's stem and first blocks: the expanded 112x112x96 map is its largest activation.
    const t = tf();
    const conv = (filters: number, kernelSize: number, strides = 1) => t.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false });
    const model = keep(
      t.sequential({
        layers: [
          t.layers.conv2d({ inputShape: [224, 224, 3], filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false }),
          t.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }),
          conv(16, 1),
          conv(96, 1),
          t.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same' }),
          conv(24, 1),
        ],
      }),
    );
    const safe = maxSafeBatch(model, [224, 224, 3], { maxStorageBufferBindingSize: 128 * MiB });
    assert.equal(safe, Math.floor((128 * MiB) / (112 * 112 * 96 * 4)));
    assert.ok(safe < 32 && safe >= 16, String(safe));
  });

  it('uses the smaller of the binding and buffer limits, caps, and returns 0 when a weight cannot fit', () => {
    const t = tf();
    const model = keep(t.sequential({ layers: [t.layers.dense({ inputShape: [1000], units: 500 })] }));
    // per example: the 1000 inputs (4000 bytes); fixed: the 1000x500 kernel (2,000,000 bytes)
    assert.equal(maxSafeBatch(model, [1000], { maxStorageBufferBindingSize: 2_400_000 }), 600);
    assert.equal(maxSafeBatch(model, [1000], { maxStorageBufferBindingSize: 2_400_000, maxBufferSize: 1_600_000 }), 0);
    assert.equal(maxSafeBatch(model, [1000], { maxStorageBufferBindingSize: 1_600_000 }), 0);
    assert.equal(maxSafeBatch(model, [1000], { maxStorageBufferBindingSize: 4 * MiB }), Math.floor((4 * MiB) / 4000));
    assert.equal(maxSafeBatch(model, [1000], { maxStorageBufferBindingSize: 4 * MiB }, 64), 64);
  });
});
