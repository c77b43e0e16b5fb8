/** Decoding real photos and awkward files with sharp, the way Keras would see them. */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodePhoto, decodePhotoInto, readRgb } from '../../../src/engine/images/decode';
import { imageBatches } from '../../../src/engine/images/batches';
import { resizeRgbInto } from '../../../src/engine/images/resize';
import { testPhotos, testTempDir, type TestPhotos } from '../../support/photos';

describe('photo decoding with sharp', () => {
  let photos: TestPhotos;
  let dir: string;

  before(async () => {
    photos = await testPhotos(4);
    dir = testTempDir('cats-dogs-decode-');
  });

  it('squashes a real photo to [h, w, 3] RGB: full decode, then the TF-style resize', async () => {
    const meta = await sharp(photos.cats[0]).metadata();
    const full = await readRgb(photos.cats[0]);
    assert.deepEqual([full.width, full.height], [meta.width, meta.height]);
    const decoded = await decodePhoto(photos.cats[0], [30, 20]);
    assert.ok(decoded.ok);
    assert.equal(decoded.pixels.length, 30 * 20 * 3);
    const floats = new Float32Array(30 * 20 * 3);
    resizeRgbInto(full, [30, 20], 'bilinear', floats);
    for (let i = 0; i < floats.length; i++) assert.ok(Math.abs(decoded.pixels[i] - floats[i]) <= 0.5);
    const spread = Math.max(...decoded.pixels) - Math.min(...decoded.pixels);
    assert.ok(spread > 100, 'a real photo, not a flat image');
  });

  it('does not apply EXIF orientation (neither TensorFlow nor PIL do)', async () => {
    const plain = join(dir, 'plain.jpg');
    const tagged = join(dir, 'tagged.jpg');
    const source = sharp(photos.dogs[0]).resize(60, 40, { fit: 'fill' });
    await fs.writeFile(plain, await source.clone().jpeg({ quality: 95 }).toBuffer());
    await fs.writeFile(tagged, await source.clone().withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer());
    assert.equal((await sharp(tagged).metadata()).orientation, 6);
    const a = await decodePhoto(plain, [20, 30]);
    const b = await decodePhoto(tagged, [20, 30]);
    assert.ok(a.ok && b.ok);
    assert.deepEqual(b.pixels, a.pixels);
  });

  it('turns greyscale, alpha, 16-bit and CMYK photos into 3-channel sRGB', async () => {
    const grey = join(dir, 'grey.png');
    await sharp(Buffer.from([0, 50, 100, 150, 200, 250]), { raw: { width: 3, height: 2, channels: 1 } }).png().toFile(grey);
    const g = await decodePhoto(grey, [2, 3]);
    assert.ok(g.ok);
    assert.deepEqual([...g.pixels], [0, 0, 0, 50, 50, 50, 100, 100, 100, 150, 150, 150, 200, 200, 200, 250, 250, 250]);

    const rgba = join(dir, 'rgba.png');
    await sharp(Buffer.from([200, 100, 50, 0, 10, 20, 30, 255]), { raw: { width: 2, height: 1, channels: 4 } }).png().toFile(rgba);
    const a = await decodePhoto(rgba, [1, 2]);
    assert.ok(a.ok);
    assert.deepEqual([...a.pixels], [200, 100, 50, 10, 20, 30], 'alpha dropped, not composited');

    const deep = join(dir, 'deep.png');
    await sharp(new Uint16Array([65535, 0, 30000, 257, 514, 771]), { raw: { width: 2, height: 1, channels: 3 } }).toColourspace('rgb16').png().toFile(deep);
    const d = await decodePhoto(deep, [1, 2]);
    assert.ok(d.ok);
    assert.deepEqual([...d.pixels], [255, 0, 117, 1, 2, 3]);

    const cmyk = join(dir, 'cmyk.jpg');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 40, b: 30 } } }).toColourspace('cmyk').jpeg({ quality: 100 }).toFile(cmyk);
    assert.equal((await sharp(cmyk).metadata()).space, 'cmyk');
    const c = await decodePhoto(cmyk, [2, 2]);
    assert.ok(c.ok);
    assert.ok(c.pixels[0] > c.pixels[1] + 100 && c.pixels[0] > c.pixels[2] + 100, `a red photo stays red: ${[...c.pixels.slice(0, 3)]}`);
  });

  it('returns a reason, never throws, for files it cannot read', async () => {
    const empty = join(dir, 'empty.jpg');
    await fs.writeFile(empty, '');
    const text = join(dir, 'text.jpg');
    await fs.writeFile(text, 'not a photo at all');
    const truncated = join(dir, 'truncated.jpg');
    await fs.writeFile(truncated, (await fs.readFile(photos.cats[1])).subarray(0, 2000));
    const cases: Array<[string, RegExp]> = [
      [empty, /unsupported|format|decode|damaged/],
      [text, /unsupported|format/],
      [truncated, /damaged|decode/],
      [join(dir, 'nope.jpg'), /not found/],
      [dir, /folder|decode|unsupported/],
    ];
    for (const [file, reason] of cases) {
      const out = await decodePhotoInto(file, [8, 8], 'bilinear', new Float32Array(8 * 8 * 3), 0);
      assert.equal(out.ok, false, file);
      assert.match(!out.ok ? out.reason : '', reason, file);
    }
  });

  it('batches real photos with the same pixels as single decodes, naming the failures', async () => {
    const broken = join(dir, 'broken.jpg');
    await fs.writeFile(broken, (await fs.readFile(photos.cats[2])).subarray(0, 500));
    const files = [photos.cats[0], broken, ...photos.dogs];
    const size: [number, number] = [16, 24];
    const got: number[] = [];
    for await (const batch of imageBatches(files, { size, batchSize: 3, concurrency: 2, prefetch: 2 })) {
      for (const [slot, index] of batch.indices.entries()) {
        const single = new Float32Array(16 * 24 * 3);
        assert.ok((await decodePhotoInto(files[index], size, 'bilinear', single, 0)).ok);
        assert.deepEqual(batch.pixels.subarray(slot * single.length, (slot + 1) * single.length), single);
        got.push(index);
      }
      for (const f of batch.failed) assert.equal(f.file, broken);
    }
    assert.deepEqual(got, [0, 2, 3, 4, 5]);
  });
});
