import * as assert from 'node:assert/strict';
import { officialWeights, officialWeightsUrl, pythonFloat, weightsBaseUrl, weightsRows, MOBILENET_ROWS, MOBILENET_V2_ROWS } from '../../../src/engine/backbones/weights/officialWeights';

const G = 'https://storage.googleapis.com/';

describe('official Keras weight files', () => {
  it('names the fixed notop files with the MD5s Keras checks', () => {
    const vgg = officialWeights('VGG16', 1, [150, 150]);
    assert.equal(officialWeightsUrl(vgg, G), `${G}tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`);
    assert.equal(vgg.md5, '6d6bbae143d832006294945121d1f1fc');
    assert.equal(officialWeights('ResNet50', 1, [224, 224]).md5, '4d473c1dd8becc155b73f8504c6f6626');
    assert.equal(officialWeights('InceptionV3', 1, [299, 299]).file, 'inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5');
    assert.equal(officialWeights('InceptionResNetV2', 1, [299, 299]).md5, 'd19885ff4a710c122648d3b5c3b684e4');
    const eff = officialWeights('EfficientNetB0', 1, [224, 224]);
    assert.equal(officialWeightsUrl(eff, G), `${G}keras-applications/efficientnetb0_notop.h5`);
    assert.equal(eff.md5, '50bc09e76180e00e4465e1a485ddc09d');
  });

  it("picks MobileNet's file by alpha and rows, with 224 for sizes Keras has no file for", () => {
    assert.equal(officialWeights('MobileNet', 0.25, [224, 224]).path, 'tensorflow/keras-applications/mobilenet/mobilenet_2_5_224_tf_no_top.h5');
    assert.equal(officialWeights('MobileNet', 1.0, [128, 128]).file, 'mobilenet_1_0_128_tf_no_top.h5');
    assert.equal(officialWeights('MobileNet', 0.5, [160, 160]).file, 'mobilenet_5_0_160_tf_no_top.h5');
    assert.equal(officialWeights('MobileNet', 0.75, [150, 150]).file, 'mobilenet_7_5_224_tf_no_top.h5');
    assert.equal(officialWeights('MobileNet', 0.75, [192, 160]).file, 'mobilenet_7_5_224_tf_no_top.h5');
    assert.equal(officialWeights('MobileNet', 0.75, [96, 96]).file, 'mobilenet_7_5_224_tf_no_top.h5');
    assert.equal(officialWeights('MobileNet', 0.25, [224, 224]).md5, undefined);
  });

  it("picks MobileNetV2's file by Python's float text of alpha and rows 96..224", () => {
    assert.equal(officialWeights('MobileNetV2', 1.0, [224, 224]).path, 'tensorflow/keras-applications/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5');
    assert.equal(officialWeights('MobileNetV2', 0.35, [96, 96]).file, 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5');
    assert.equal(officialWeights('MobileNetV2', 0.5, [150, 150]).file, 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.5_224_no_top.h5');
    assert.equal(officialWeights('MobileNetV2', 1.4, [192, 192]).file, 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.4_192_no_top.h5');
    assert.equal(pythonFloat(1), '1.0');
    assert.equal(pythonFloat(1.3), '1.3');
    assert.equal(weightsRows([96, 96], MOBILENET_ROWS), 224);
    assert.equal(weightsRows([96, 96], MOBILENET_V2_ROWS), 96);
  });

  it('takes the base URL from the option, then $CATS_DOGS_WEIGHTS_BASE_URL, then Google storage', () => {
    assert.equal(weightsBaseUrl(undefined, {}), G);
    assert.equal(weightsBaseUrl(undefined, { CATS_DOGS_WEIGHTS_BASE_URL: 'http://127.0.0.1:8080/mirror' }), 'http://127.0.0.1:8080/mirror/');
    assert.equal(weightsBaseUrl('http://127.0.0.1:9/x/', { CATS_DOGS_WEIGHTS_BASE_URL: 'http://127.0.0.1:8080' }), 'http://127.0.0.1:9/x/');
    const prev = process.env.CATS_DOGS_WEIGHTS_BASE_URL;
    process.env.CATS_DOGS_WEIGHTS_BASE_URL = 'http://127.0.0.1:1234';
    try {
      assert.equal(officialWeightsUrl(officialWeights('VGG16', 1, [224, 224])), 'http://127.0.0.1:1234/tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5');
    } finally {
      if (prev === undefined) delete process.env.CATS_DOGS_WEIGHTS_BASE_URL;
      else process.env.CATS_DOGS_WEIGHTS_BASE_URL = prev;
    }
  });
});
