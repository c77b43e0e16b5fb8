/**
 * Times building each backbone (seeded random weights, and zero weights for a file to overwrite) and
 * loading a full-size Keras .h5 into it (a file written here in Keras's layout; h5wasm warmed up first).
 * Run: node --import tsx scripts/bench-backbones.ts [ARCH...]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARCHITECTURE_INFO } from '../src/shared/config/architectures';
import { buildArchitecture } from '../src/engine/backbones';
import { assignKerasWeights } from '../src/engine/backbones/weights/assignKerasWeights';
import { loadH5wasm } from '../src/engine/backbones/weights/loadH5wasm';
import { tf } from '../src/engine/tf/tf';
import { modelToH5Layers, writeKerasH5 } from '../test/support/kerasH5';

const ALL = ['VGG16', 'ResNet50', 'InceptionV3', 'InceptionResNetV2', 'MobileNet', 'MobileNetV2', 'EfficientNetB0'] as const;

async function main(): Promise<void> {
  const archs = process.argv.slice(2).length ? process.argv.slice(2) : [...ALL];
  const dir = mkdtempSync(join(tmpdir(), 'cats-dogs-bench-'));
  let t = Date.now();
  await loadH5wasm();
  await tf().ready();
  console.log(`backend ${tf().getBackend()}; h5wasm ready in ${Date.now() - t} ms`);
  console.log('architecture        input  params       build(random) build(zeros) load .h5  file MB');
  try {
    for (const arch of archs) {
      const info = ARCHITECTURE_INFO[arch as (typeof ALL)[number]];
      const size = info.defaultInputSize;
      t = Date.now();
      const random = buildArchitecture(arch, { inputSize: [size, size], seed: 1 });
      const buildRandom = Date.now() - t;
      const file = join(dir, `${arch}.h5`);
      await writeKerasH5(file, modelToH5Layers(random));
      random.dispose();
      t = Date.now();
      const target = buildArchitecture(arch, { inputSize: [size, size], fastInit: true });
      const buildZeros = Date.now() - t;
      t = Date.now();
      await assignKerasWeights(target, file);
      const load = Date.now() - t;
      console.log(`${arch.padEnd(19)} ${String(size).padStart(5)}  ${String(target.countParams()).padStart(11)}  ${String(buildRandom).padStart(12)}  ${String(buildZeros).padStart(11)}  ${String(load).padStart(8)}  ${(statSync(file).size / 1e6).toFixed(1).padStart(7)}`);
      target.dispose();
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
