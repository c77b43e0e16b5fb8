import { strict as assert } from 'node:assert';
import sharp, { type SharpOptions } from 'sharp';
import { describeDecodeError } from '../../../src/engine/images/decode';

/** The error sharp itself throws for `input` (so the mapping is tested on real messages). */
async function sharpError(input: Buffer | string, options: SharpOptions = {}): Promise<unknown> {
  try {
    await sharp(input, { failOn: 'error', ...options }).raw().toBuffer();
  } catch (err) {
    return err;
  }
  throw new Error('sharp did not fail');
}

describe('decode error reasons', () => {
  it('names the usual problems in words a person can act on', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    assert.equal(describeDecodeError(await sharpError('/no/such/photo.jpg')), 'file not found');
    assert.match(describeDecodeError(await sharpError(Buffer.from('plain text'))), /unsupported or unknown format/);
    assert.match(describeDecodeError(await sharpError(jpeg.subarray(0, jpeg.length / 2))), /^damaged photo: /);
    assert.match(describeDecodeError(await sharpError(jpeg, { limitInputPixels: 100 })), /too large/);
    assert.equal(describeDecodeError(Object.assign(new Error('x'), { code: 'EACCES' })), 'permission denied');
    assert.equal(describeDecodeError('weird\nsecond line'), 'cannot decode: weird');
  });
});
