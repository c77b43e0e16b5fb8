import { strict as assert } from 'node:assert';
import { describeDecodeError } from '../../../src/engine/dataset/photoCheck';

describe('dataset/photoCheck reasons', () => {
  it('turns sharp messages into reasons a person can act on', () => {
    assert.equal(describeDecodeError('Input Buffer is empty'), 'empty file (0 bytes)');
    assert.equal(describeDecodeError('Input buffer contains unsupported image format'), 'not an image (unrecognised file format)');
    assert.equal(describeDecodeError('VipsJpeg: premature end of JPEG image'), 'truncated image (VipsJpeg: premature end of JPEG image)');
    assert.match(describeDecodeError('Warning treated as error due to failOn setting'), /^damaged or truncated image/);
    assert.equal(describeDecodeError('Input buffer has corrupt header: VipsJpeg: bad Huffman table\nVipsJpeg: more'), 'damaged image (Input buffer has corrupt header: VipsJpeg: bad Huffman table)');
  });
});
