import { strict as assert } from 'node:assert';
import { basename } from 'node:path';
import { onnxCacheFile } from '../../../src/engine/training/extractorChoice';

describe('the cached ONNX export of a backbone', () => {
  const backbone = { architecture: 'MobileNet' as const, inputSize: [224, 224] as [number, number], preprocessing: 'tf' as const, weightsId: 'a'.repeat(64) };

  it('is named by everything the graph depends on, in a short name', () => {
    const base = onnxCacheFile('/c', backbone);
    assert.match(basename(base), /^MobileNet-224x224-tf-[0-9a-f]{32}\.onnx$/);
    assert.notEqual(onnxCacheFile('/c', { ...backbone, inputSize: [160, 160] }), base);
    assert.notEqual(onnxCacheFile('/c', { ...backbone, preprocessing: 'caffe' }), base);
    assert.notEqual(onnxCacheFile('/c', { ...backbone, weightsId: `${backbone.weightsId}@conv_pw_12_relu` }), base);
  });

  it('differs between two runs fine-tuned from the same weights, however long the id', () => {
    const a = onnxCacheFile('/c', { ...backbone, weightsId: `${'a'.repeat(64)}@${'x'.repeat(300)}+finetuned-${'1'.repeat(64)}` });
    const b = onnxCacheFile('/c', { ...backbone, weightsId: `${'a'.repeat(64)}@${'x'.repeat(300)}+finetuned-${'2'.repeat(64)}` });
    assert.notEqual(a, b);
    assert.ok(basename(a).length < 100);
  });
});
