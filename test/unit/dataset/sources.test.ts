/** The zip and folder readers on crafted input (no decoding here: that is the engine tests' job). */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../../src/engine/errors';
import { openFolderSource } from '../../../src/engine/dataset/sources/folderSource';
import { ItemProblem } from '../../../src/engine/dataset/sources/types';
import { openZipSource } from '../../../src/engine/dataset/sources/zipSource';
import { makeZip } from '../../support/zipWriter';

describe('dataset/sources', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sources-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

  it('lists a zip, reads entries in order, and hashes the whole archive on the way', async () => {
    const payload = (n: number): Buffer => Buffer.alloc(3000 + n * 700, n);
    const zip = makeZip([
      { name: 'train/', data: '' },
      { name: 'train/cat.1.jpg', data: payload(1) },
      { name: 'train/dog.1.jpg', data: payload(2), method: 'deflate' },
      { name: 'train/readme.txt', data: 'hello' },
      { name: 'test1/1.jpg', data: payload(3) },
      { name: 'PetImages/Dog/7.jpg', data: payload(4) },
    ]);
    const file = join(dir, 'a.zip');
    writeFileSync(file, zip);
    const src = await openZipSource(file);
    assert.deepEqual(src.items.map((i) => [i.original, i.cls]), [['train/cat.1.jpg', 'cats'], ['train/dog.1.jpg', 'dogs'], ['PetImages/Dog/7.jpg', 'dogs']]);
    assert.deepEqual(src.ignored.map((i) => i.file), ['train/readme.txt', 'test1/1.jpg']);
    assert.deepEqual((await src.read(src.items[0])), payload(1));
    assert.deepEqual((await src.read(src.items[1])), payload(2));
    assert.deepEqual((await src.read(src.items[2])), payload(4));
    const facts = await src.close();
    assert.equal(facts.sha256, sha(zip));
    assert.equal(facts.size, zip.length);
  });

  it('hashes a big zip correctly even when entries are read out of order or not at all', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({ name: `cat.${i}.jpg`, data: Buffer.alloc(4000, i) }));
    const zip = makeZip(entries);
    assert.ok(zip.length > 65_557 + 70_000, 'big enough that the directory lies far from the start');
    const file = join(dir, 'big.zip');
    writeFileSync(file, zip);
    const src = await openZipSource(file);
    await src.read(src.items[5]);
    await src.read(src.items[0]);
    assert.equal((await src.close()).sha256, sha(zip));
  });

  it('reports zip-slip and encrypted entries without aborting the archive', async () => {
    const zip = makeZip([
      { name: '../evil/cat.1.jpg', data: 'x' },
      { name: '/abs/cat.2.jpg', data: 'x' },
      { name: 'train\\..\\..\\cat.3.jpg', data: 'x' },
      { name: 'train/cat.4.jpg', data: 'secret', encrypted: true },
      { name: 'train/cat.5.jpg', data: 'fine' },
    ]);
    writeFileSync(join(dir, 'b.zip'), zip);
    const src = await openZipSource(join(dir, 'b.zip'));
    assert.deepEqual(src.items.map((i) => i.original), ['train/cat.5.jpg']);
    const reasons = Object.fromEntries(src.rejected.map((r) => [r.file, r.reason]));
    assert.match(reasons['../evil/cat.1.jpg'], /zip-slip/);
    assert.match(reasons['/abs/cat.2.jpg'], /absolute/);
    assert.match(reasons['train/../../cat.3.jpg'], /zip-slip/);
    assert.match(reasons['train/cat.4.jpg'], /encrypted .*password/);
    await src.close();
  });

  it('a wrong checksum inside the zip rejects that entry only', async () => {
    writeFileSync(join(dir, 'c.zip'), makeZip([{ name: 'cat.1.jpg', data: 'abc', crc: 12345 }, { name: 'cat.2.jpg', data: 'def' }]));
    const src = await openZipSource(join(dir, 'c.zip'));
    await assert.rejects(src.read(src.items[0]), (e: unknown) => e instanceof ItemProblem && /checksum/.test(e.message));
    assert.equal((await src.read(src.items[1])).toString(), 'def');
    await src.close();
  });

  it('tells "not a zip" from "a damaged zip"', async () => {
    writeFileSync(join(dir, 'page.zip'), '<html>Access denied</html>');
    await assert.rejects(openZipSource(join(dir, 'page.zip')), (e: unknown) => e instanceof EngineError && /is not a zip file/.test(e.message) && !!e.hint);
    const zip = makeZip([{ name: 'cat.1.jpg', data: Buffer.alloc(5000, 1) }, { name: 'dog.1.jpg', data: Buffer.alloc(5000, 2) }]);
    writeFileSync(join(dir, 'cut.zip'), zip.subarray(0, Math.floor(zip.length / 2)));
    await assert.rejects(openZipSource(join(dir, 'cut.zip')), (e: unknown) => e instanceof EngineError && /damaged or incomplete/.test(e.message) && /download/.test(e.hint!));
    writeFileSync(join(dir, 'empty.zip'), '');
    await assert.rejects(openZipSource(join(dir, 'empty.zip')), /not a zip file/);
  });

  it('lists a folder, skipping hidden folders and the excluded output', async () => {
    const files = ['PetImages/Cat/1.jpg', 'PetImages/Cat/Thumbs.db', 'PetImages/Dog/1.jpg', '.git/cat.9.jpg', 'out/train/cats/cat.1.jpg', 'cat.3.jpg'];
    for (const f of files) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), f);
    }
    const src = await openFolderSource(dir, (abs) => abs === join(dir, 'out'));
    assert.deepEqual(src.items.map((i) => [i.original, i.cls]), [['PetImages/Cat/1.jpg', 'cats'], ['PetImages/Dog/1.jpg', 'dogs'], ['cat.3.jpg', 'cats']].sort());
    assert.deepEqual(src.ignored.map((i) => i.file), ['PetImages/Cat/Thumbs.db']);
    assert.equal((await src.read(src.items[0])).toString(), src.items[0].original);
    const f1 = (await src.close()).fingerprint;
    writeFileSync(join(dir, 'PetImages/Dog/2.jpg'), 'new');
    const f2 = (await (await openFolderSource(dir)).close()).fingerprint;
    assert.notEqual(f1, f2);
    assert.equal(readFileSync(join(dir, 'cat.3.jpg'), 'utf8'), 'cat.3.jpg');
  });
});
