import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDatasetLayout } from '../../../src/engine/dataset/layout';
import { EngineError } from '../../../src/engine/errors';

describe('dataset/layout', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'layout-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function make(files: string[]): void {
    for (const f of files) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'x');
    }
  }
  const full = ['train/cats/cat.2.jpg', 'train/cats/cat.10.jpg', 'train/dogs/dog.1.png', 'validation/cats/a.jpeg', 'validation/dogs/b.webp', 'test/cats/c.gif', 'test/dogs/d.tif'];

  it('lists image files per split and class, absolute and sorted, skipping the rest', async () => {
    make([...full, 'train/cats/Thumbs.db', 'train/cats/.DS_Store', 'train/cats/notes.txt', 'dataset.json']);
    mkdirSync(join(dir, 'train/cats/sub.jpg'));
    const l = await readDatasetLayout(dir);
    assert.deepEqual(l.train.cats, [join(dir, 'train/cats/cat.10.jpg'), join(dir, 'train/cats/cat.2.jpg')]);
    assert.deepEqual(l.train.dogs, [join(dir, 'train/dogs/dog.1.png')]);
    assert.deepEqual(l.test.dogs, [join(dir, 'test/dogs/d.tif')]);
    assert.equal(l.validation.dogs.length, 1);
  });

  it('accepts other cases and singular class folders', async () => {
    make(full.map((f) => f.replace(/^train\/cats/, 'Train/Cat').replace(/^train\//, 'Train/').replace(/^test\//, 'TEST/').replace('TEST/dogs', 'TEST/Dogs')));
    const l = await readDatasetLayout(dir);
    assert.deepEqual(l.train.cats.map((p) => p.slice(dir.length)), ['/Train/Cat/cat.10.jpg', '/Train/Cat/cat.2.jpg']);
    assert.equal(l.test.dogs.length, 1);
  });

  it('names the missing folder or the empty class', async () => {
    await assert.rejects(readDatasetLayout(join(dir, 'nope')), (e: unknown) => e instanceof EngineError && /does not exist/.test(e.message) && !!e.hint);
    make(full.filter((f) => !f.startsWith('validation/dogs')));
    await assert.rejects(readDatasetLayout(dir), (e: unknown) => e instanceof EngineError && /no validation\/dogs\/ folder/.test(e.message));
    mkdirSync(join(dir, 'validation/dogs'));
    writeFileSync(join(dir, 'validation/dogs/readme.txt'), 'x');
    await assert.rejects(readDatasetLayout(dir), (e: unknown) => e instanceof EngineError && /No dog photos in .*validation\/dogs/.test(e.message));
    writeFileSync(join(dir, 'validation/dogs/dog.1.jpg'), 'x');
    rmSync(join(dir, 'test'), { recursive: true });
    await assert.rejects(readDatasetLayout(dir), /no test\/ folder/);
  });

  it('a file instead of a folder is a clear error', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    await assert.rejects(readDatasetLayout(join(dir, 'file')), /is a file/);
  });
});
