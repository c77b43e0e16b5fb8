import * as assert from 'node:assert/strict';
import { EngineError } from '../../../src/engine/errors';
import { generatedName, matchLayers, type WeightedLayer } from '../../../src/engine/backbones/weights/matchLayers';

const conv = (name: string, cin: number, cout: number): WeightedLayer => ({ name, shapes: [[3, 3, cin, cout]] });
const bn = (name: string, c: number): WeightedLayer => ({ name, shapes: [[c], [c], [c]] });

// A small Inception-like model: generated names counted from 0, plus named layers.
const MODEL: WeightedLayer[] = [conv('conv2d', 3, 32), bn('batch_normalization', 32), conv('conv2d_1', 32, 64), bn('batch_normalization_1', 64), conv('block_conv', 64, 64), conv('conv2d_2', 64, 16)];

function renumber(layers: WeightedLayer[], offset: number): WeightedLayer[] {
  return layers.map((l) => {
    const g = generatedName(l.name);
    return g ? { ...l, name: `${g.prefix}_${g.ordinal + offset}` } : l;
  });
}

function isWeightsError(re: RegExp) {
  return (e: unknown) => e instanceof EngineError && e.code === 'weights' && re.test(e.message) && !!e.hint;
}

describe('matching weighted layers to a Keras file', () => {
  it('parses generated names', () => {
    assert.deepEqual(generatedName('conv2d'), { prefix: 'conv2d', ordinal: 0 });
    assert.deepEqual(generatedName('batch_normalization_93'), { prefix: 'batch_normalization', ordinal: 93 });
    assert.equal(generatedName('conv_pw_13'), undefined);
    assert.equal(generatedName('block1_conv1'), undefined);
  });

  it('matches by name when every model layer is in the file, ignoring extra file layers and file order', () => {
    const file = [{ name: 'predictions', shapes: [[10, 2]] }, ...[...MODEL].reverse()];
    const m = matchLayers(MODEL, file);
    assert.equal(m.mode, 'name');
    for (const [i, j] of m.pairs) assert.equal(file[j].name, MODEL[i].name);
  });

  it('matches generated names by prefix and ordinal when the file counts from 1 (Keras 2.0 files)', () => {
    const file = renumber(MODEL, 1);
    const m = matchLayers(MODEL, file);
    assert.equal(m.mode, 'generated-name');
    assert.deepEqual(m.pairs.map(([i, j]) => [MODEL[i].name, file[j].name]), [
      ['conv2d', 'conv2d_1'],
      ['batch_normalization', 'batch_normalization_1'],
      ['conv2d_1', 'conv2d_2'],
      ['batch_normalization_1', 'batch_normalization_2'],
      ['block_conv', 'block_conv'],
      ['conv2d_2', 'conv2d_3'],
    ]);
  });

  it('falls back to file order when names are unrelated', () => {
    const file = MODEL.map((l, i) => ({ ...l, name: `layer_${i}` }));
    const m = matchLayers(MODEL, file);
    assert.equal(m.mode, 'order');
    assert.deepEqual(m.pairs, MODEL.map((_, i) => [i, i]));
  });

  it('does not take a same-named but shifted generated layer for a match', () => {
    // With names counted from 1 the file's "conv2d_1" is the model's "conv2d": the shapes tell them apart.
    const file = renumber(MODEL, 1);
    const m = matchLayers(MODEL, file);
    const pair = m.pairs.find(([i]) => MODEL[i].name === 'conv2d_1')!;
    assert.equal(file[pair[1]].name, 'conv2d_2');
  });

  it('names the first misfit layer and both shapes', () => {
    const file = MODEL.map((l) => (l.name === 'conv2d_1' ? conv('conv2d_1', 32, 48) : l));
    assert.throws(() => matchLayers(MODEL, file, 'w.h5'), isWeightsError(/w\.h5.*layer "conv2d_1" has arrays \[3, 3, 32, 64\] but the file's layer of that name has \[3, 3, 32, 48\]/));
  });

  it('reports a count mismatch with the first layer the file lacks', () => {
    const file = MODEL.slice(0, 4).map((l, i) => ({ ...l, name: `x${i}` }));
    assert.throws(() => matchLayers(MODEL, file), isWeightsError(/model has 6 layers with weights, the file 4, and the file has no layer "conv2d"/));
  });

  it('reports a misfit found by position', () => {
    const file = MODEL.map((l, i) => ({ ...(i === 2 ? conv('x', 32, 65) : l), name: `layer_${i}` }));
    assert.throws(() => matchLayers(MODEL, file), isWeightsError(/by position.*layer "conv2d_1" has arrays \[3, 3, 32, 64\] but the file's layer "layer_2" has \[3, 3, 32, 65\]/));
  });
});
