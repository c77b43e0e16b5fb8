import { strict as assert } from 'node:assert';
import { isIdentityAffine, preprocessingAffine } from '../../../src/engine/features/preprocessing';
import { PREPROCESSINGS } from '../../../src/shared/config/architectures';

function apply(mode: (typeof PREPROCESSINGS)[number], rgb: [number, number, number]): number[] {
  const a = preprocessingAffine(mode);
  return [0, 1, 2].map((c) => rgb[a.bgr ? 2 - c : c] * a.scale[c] + a.offset[c]);
}

const close = (actual: number[], expected: number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-9, `${actual} vs ${expected}`));

describe('Keras preprocessing as a per-channel affine map', () => {
  it("caffe: RGB -> BGR, minus the ImageNet BGR mean", () => {
    close(apply('caffe', [10, 20, 30]), [30 - 103.939, 20 - 116.779, 10 - 123.68]);
  });
  it('tf: x / 127.5 - 1', () => {
    close(apply('tf', [0, 127.5, 255]), [-1, 0, 1]);
  });
  it('torch: x / 255, minus mean, over std', () => {
    close(apply('torch', [255, 0, 51]), [(1 - 0.485) / 0.229, (0 - 0.456) / 0.224, (0.2 - 0.406) / 0.225]);
  });
  it('raw keeps pixels, none divides by 255', () => {
    close(apply('raw', [1, 2, 255]), [1, 2, 255]);
    close(apply('none', [0, 51, 255]), [0, 0.2, 1]);
    assert.equal(isIdentityAffine(preprocessingAffine('raw')), true);
  });
  it('covers every preprocessing the config allows', () => {
    for (const mode of PREPROCESSINGS) assert.equal(preprocessingAffine(mode).scale.length, 3);
    assert.equal(isIdentityAffine(preprocessingAffine('tf')), false);
  });
});
