import * as assert from 'node:assert/strict';
import { mkdtempSync, promises as fs, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileDigests } from '../../../src/engine/cache/fileDigests';
import { checkHdf5Header, storedEndOfFile } from '../../../src/engine/backbones/weights/hdf5Header';
import { attributeStrings, halfToFloat32, toFloat32 } from '../../../src/engine/backbones/weights/kerasH5';
import { formatFromName, isUrl } from '../../../src/engine/backbones/weights/resolveWeights';
import { editDistance, nearestNames } from '../../../src/engine/backbones/weights/tfjsModel';
import { weightKind } from '../../../src/engine/backbones/weights/assignKerasWeights';

/** A version-0 HDF5 superblock (8-byte offsets) that records `eof` as the file's length. */
function superblockV0(eof: number): Buffer {
  const b = Buffer.alloc(96);
  Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b[8] = 0; // superblock version
  b[13] = 8; // size of offsets
  b[14] = 8; // size of lengths
  b.writeBigUInt64LE(0n, 24); // base address
  b.writeBigUInt64LE(0xffffffffffffffffn, 32); // free-space info: undefined
  b.writeBigUInt64LE(BigInt(eof), 40); // end of file
  return b;
}

describe('weight file helpers', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cats-dogs-wf-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the recorded end of file from version 0 and 2 superblocks', () => {
    assert.equal(storedEndOfFile(superblockV0(5000)), 5000);
    const v2 = Buffer.alloc(48);
    v2[8] = 2;
    v2[9] = 8;
    v2[10] = 8;
    v2.writeBigUInt64LE(0n, 12);
    v2.writeBigUInt64LE(0xffffffffffffffffn, 20);
    v2.writeBigUInt64LE(1234n, 28);
    assert.equal(storedEndOfFile(v2), 1234);
  });

  it('tells whole, truncated and non-HDF5 files apart', async () => {
    const whole = join(dir, 'whole.h5');
    writeFileSync(whole, Buffer.concat([superblockV0(200), Buffer.alloc(104)]));
    assert.deepEqual(await checkHdf5Header(whole), { ok: true });
    const cut = join(dir, 'cut.h5');
    writeFileSync(cut, Buffer.concat([superblockV0(5000), Buffer.alloc(10)]));
    assert.deepEqual(await checkHdf5Header(cut), { ok: false, reason: 'truncated', size: 106, expected: 5000 });
    const text = join(dir, 'text.h5');
    writeFileSync(text, '<html>Not found</html>');
    assert.deepEqual(await checkHdf5Header(text), { ok: false, reason: 'not-hdf5' });
    const empty = join(dir, 'empty.h5');
    writeFileSync(empty, '');
    assert.deepEqual(await checkHdf5Header(empty), { ok: false, reason: 'not-hdf5' });
    const userBlock = join(dir, 'userblock.h5');
    writeFileSync(userBlock, Buffer.concat([Buffer.alloc(512), superblockV0(700), Buffer.alloc(200)]));
    assert.deepEqual(await checkHdf5Header(userBlock), { ok: true });
  });

  it("reads attribute strings however h5wasm returns them, stripping NUL padding", () => {
    assert.deepEqual(attributeStrings(['conv1\0\0', 'bn']), ['conv1', 'bn']);
    assert.deepEqual(attributeStrings('x'), ['x']);
    assert.deepEqual(attributeStrings(new Float64Array(0)), []);
    assert.deepEqual(attributeStrings(undefined), []);
  });

  it('converts half floats, doubles and int64 counts to float32', () => {
    assert.deepEqual(Array.from(halfToFloat32(Uint16Array.from([0x3c00, 0xc000, 0x3555, 0x0000, 0x7c00]))), [1, -2, 0.333251953125, 0, Infinity]);
    assert.deepEqual(Array.from(toFloat32(Float64Array.from([0.5, 2]), false, 'x')), [0.5, 2]);
    assert.deepEqual(Array.from(toFloat32(BigInt64Array.from([7n]), false, 'x')), [7]);
    assert.deepEqual(Array.from(toFloat32(12n, false, 'x')), [12]);
    assert.throws(() => toFloat32('text', false, 'conv1/kernel:0'), /conv1\/kernel:0 is not numeric/);
  });

  it('names weights by kind', () => {
    assert.equal(weightKind('conv1_bn/moving_mean:0'), 'moving_mean');
    assert.equal(weightKind('conv_dw_1/depthwise_kernel'), 'depthwise_kernel');
  });

  it('tells a model.json from a Keras file by name', () => {
    assert.equal(formatFromName('models/model.json'), 'tfjs');
    assert.equal(formatFromName('w.H5'), 'h5');
    assert.equal(formatFromName('https://x/y/model.json?v=2'), 'tfjs');
    assert.equal(formatFromName('weights.bin'), undefined);
    assert.ok(isUrl('https://x/a.h5') && isUrl('http://127.0.0.1/a') && !isUrl('C:\\w.h5') && !isUrl('./w.h5'));
  });

  it('suggests the nearest layer names', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    const names = ['conv1', 'conv_pw_13', 'conv_pw_13_bn', 'conv_pw_13_relu', 'conv_dw_13_relu', 'reshape_2'];
    assert.equal(nearestNames('conv_pw_13_rel', names, 1)[0], 'conv_pw_13_relu');
    assert.deepEqual(nearestNames('conv_pw_13_relu6', names, 2), ['conv_pw_13_relu', 'conv_pw_13']);
  });

  it('hashes a file once and remembers the digests until it changes', async () => {
    const file = join(dir, 'data.bin');
    const cache = join(dir, 'cache');
    writeFileSync(file, 'abc');
    const first = await fileDigests(file, cache);
    assert.equal(first.md5, '900150983cd24fb0d6963f7d28e17f72');
    assert.equal(first.sha256, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal((await fs.readdir(join(cache, 'digests'))).length, 1);
    writeFileSync(file, 'abd');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = await fileDigests(file, cache);
    assert.notEqual(second.sha256, first.sha256);
    assert.equal(second.size, 3);
  });
});
