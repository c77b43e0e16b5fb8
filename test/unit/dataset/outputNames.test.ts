import { strict as assert } from 'node:assert';
import { assignOutputNames, safeFileName } from '../../../src/engine/dataset/outputNames';

describe('dataset/outputNames', () => {
  it('keeps Kaggle names as they are', () => {
    const names = assignOutputNames([
      { original: 'train/cat.1.jpg', cls: 'cats' },
      { original: 'train/dog.1.jpg', cls: 'dogs' },
    ]);
    assert.equal(names.get('train/cat.1.jpg'), 'cat.1.jpg');
    assert.equal(names.get('train/dog.1.jpg'), 'dog.1.jpg');
  });

  it('makes clashing names unique, the same way whatever the input order', () => {
    const items = [
      { original: 'b/cats/cat.5.jpg', cls: 'cats' as const },
      { original: 'a/cats/cat.5.jpg', cls: 'cats' as const },
      { original: 'c/cats/CAT.5.jpg', cls: 'cats' as const },
      { original: 'c/cats/cat.5-2.jpg', cls: 'cats' as const },
      { original: 'a/dogs/cat.5.jpg', cls: 'dogs' as const },
    ];
    const n1 = assignOutputNames(items);
    const n2 = assignOutputNames([...items].reverse());
    assert.deepEqual([...n1.entries()].sort(), [...n2.entries()].sort());
    assert.equal(n1.get('a/cats/cat.5.jpg'), 'cat.5.jpg');
    assert.equal(n1.get('b/cats/cat.5.jpg'), 'cat.5-2.jpg');
    // Case-insensitive clash with cat.5.jpg; cat.5-2.jpg is taken by then.
    assert.equal(n1.get('c/cats/CAT.5.jpg'), 'CAT.5-3.jpg');
    // A real file named like a generated name still gets a name of its own.
    assert.equal(n1.get('c/cats/cat.5-2.jpg'), 'cat.5-2-2.jpg');
    // Another class folder: no clash.
    assert.equal(n1.get('a/dogs/cat.5.jpg'), 'cat.5.jpg');
    const cats = [...n1.entries()].filter(([k]) => k.includes('/cats/')).map(([, v]) => v.toLowerCase());
    assert.equal(new Set(cats).size, cats.length);
  });

  it('makes names safe for every file system', () => {
    assert.equal(safeFileName('a<b>c:d"e|f?g*h.jpg'), 'a_b_c_d_e_f_g_h.jpg');
    assert.equal(safeFileName('photo. '), 'photo');
    assert.equal(safeFileName('..'), 'photo');
    assert.equal(safeFileName('tab\there.jpg'), 'tab_here.jpg');
  });
});
