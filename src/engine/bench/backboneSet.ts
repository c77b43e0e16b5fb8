/**
 * The backbones the benchmark runs: the two real MobileNet v1 models.json of the shared folder (random
 * weights of the same architecture when they are not there), and VGG16, ResNet50 and MobileNetV2
 * built with random weights (speed does not depend on the weight values).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHITECTURE_INFO, type Architecture } from '../../shared/config/architectures';
import type { BackboneSpec } from '../backbones';

export interface BenchBackbone {
  /** e.g. "MobileNet 0.25 224". */
  label: string;
  spec: BackboneSpec;
  /** "model.json" (real weights) or "random". */
  weights: string;
}

function spec(architecture: Architecture, size: number, weights: string | null, alpha?: number): BackboneSpec {
  return { architecture, alpha, weights, inputSize: [size, size], preprocessing: ARCHITECTURE_INFO[architecture].preprocessing, trainable: false };
}

function mobileNet(alpha: number, modelsDir: string | undefined): BenchBackbone {
  const file = modelsDir && join(modelsDir, `mobilenet_v1_${alpha.toFixed(2)}_224`, 'model.json');
  const real = !!file && existsSync(file);
  return { label: `MobileNet ${alpha} 224`, spec: spec('MobileNet', 224, real ? file : null, alpha), weights: real ? 'model.json' : 'random' };
}

/** The lab's baseline backbone, also used by the head experiment. */
export function vgg16At150(): BenchBackbone {
  return { label: 'VGG16 150', spec: spec('VGG16', 150, null), weights: 'random' };
}

export function benchBackbones(modelsDir: string | undefined): BenchBackbone[] {
  return [
    mobileNet(0.25, modelsDir),
    mobileNet(0.75, modelsDir),
    vgg16At150(),
    { label: 'ResNet50 224', spec: spec('ResNet50', 224, null), weights: 'random' },
    { label: 'MobileNetV2 224', spec: spec('MobileNetV2', 224, null, 1.0), weights: 'random' },
  ];
}

/** "VGG16" or "mobilenet 0.25" picks "VGG16 150" or "MobileNet 0.25 224": a case-insensitive label prefix, by whole words. */
export function matchesBackbone(label: string, wanted: string): boolean {
  const words = wanted.trim().toLowerCase().split(/\s+/);
  const have = label.toLowerCase().split(/\s+/);
  return words.length > 0 && words.every((w, i) => have[i] === w);
}
