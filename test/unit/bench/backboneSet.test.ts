import { strict as assert } from 'node:assert';
import { benchBackbones, matchesBackbone } from '../../../src/engine/bench/backboneSet';

describe('bench backbones', () => {
  it('picks backbones by a case-insensitive prefix of whole words of their label', () => {
    const labels = benchBackbones(undefined).map((b) => b.label);
    const pick = (wanted: string) => labels.filter((l) => matchesBackbone(l, wanted));
    assert.deepEqual(pick('VGG16'), ['VGG16 150']);
    assert.deepEqual(pick('mobilenet'), ['MobileNet 0.25 224', 'MobileNet 0.75 224']);
    assert.deepEqual(pick('MobileNet 0.25'), ['MobileNet 0.25 224']);
    assert.deepEqual(pick('MobileNetV2 224'), ['MobileNetV2 224']);
    assert.deepEqual(pick('Mobile'), []);
    assert.deepEqual(pick('  '), labels.filter(() => false));
  });
});
