import { strict as assert } from 'node:assert';
import { classifyPath, extensionOf, isImageName, unsafeArchivePath } from '../../../src/engine/dataset/classify';

const cls = (p: string): string => {
  const c = classifyPath(p);
  return 'cls' in c ? c.cls : `ignored: ${c.ignored}`;
};

describe('dataset/classify', () => {
  it("classifies Kaggle's flat names", () => {
    assert.equal(cls('train/cat.1.jpg'), 'cats');
    assert.equal(cls('train/dog.12499.jpg'), 'dogs');
    assert.equal(cls('cat.5.jpg'), 'cats');
    assert.equal(cls('Dog_3.PNG'), 'dogs');
    assert.equal(cls('cats (4).jpeg'), 'cats');
    assert.equal(cls('dog12.webp'), 'dogs');
  });

  it('classifies by the nearest class folder, any case, singular or plural', () => {
    assert.equal(cls('PetImages/Cat/1.jpg'), 'cats');
    assert.equal(cls('PetImages/Dog/11702.jpg'), 'dogs');
    assert.equal(cls('cats_and_dogs_filtered/train/cats/cat.2.jpg'), 'cats');
    assert.equal(cls('cats_and_dogs_filtered/validation/dogs/dog.2000.jpg'), 'dogs');
    assert.equal(cls('CATS/x.jpg'), 'cats');
    // The folder wins over the name.
    assert.equal(cls('dogs/cat.1.jpg'), 'dogs');
    assert.equal(cls('cats/sub/holiday.jpg'), 'cats');
  });

  it('ignores non-photos, hidden files and names that match no class', () => {
    assert.match(cls('PetImages/Cat/Thumbs.db'), /^ignored: not a photo/);
    assert.match(cls('readme[1].txt'), /^ignored: not a photo/);
    assert.match(cls('__MACOSX/train/._cat.1.jpg'), /^ignored: hidden/);
    assert.match(cls('train/.cat.1.jpg'), /^ignored: hidden/);
    assert.match(cls('test1/1.jpg'), /^ignored: name matches no class/);
    assert.match(cls('category.jpg'), /^ignored: name matches no class/);
    assert.match(cls('dogma.png'), /^ignored: name matches no class/);
    assert.match(cls('cat'), /^ignored: not a photo/);
  });

  it('knows image extensions', () => {
    assert.equal(extensionOf('a/b/c.JPG'), '.jpg');
    assert.equal(extensionOf('.hidden'), '');
    for (const n of ['a.jpg', 'a.jpeg', 'a.png', 'a.webp', 'a.bmp', 'a.gif', 'a.tif', 'a.TIFF']) assert.ok(isImageName(n), n);
    for (const n of ['a.txt', 'a.db', 'a', 'a.jpg.zip']) assert.ok(!isImageName(n), n);
  });

  it('flags zip-slip paths and accepts plain relative ones', () => {
    for (const bad of ['../evil.jpg', 'train/../../cat.1.jpg', '/etc/cat.1.jpg', '\\\\server\\cat.jpg', 'C:\\Users\\cat.1.jpg', 'c:/cat.1.jpg', '..\\..\\cat.2.jpg', 'a/\0/cat.jpg', '']) {
      assert.ok(unsafeArchivePath(bad), `should refuse ${JSON.stringify(bad)}`);
    }
    assert.match(unsafeArchivePath('../x.jpg')!, /zip-slip/);
    assert.match(unsafeArchivePath('/x.jpg')!, /absolute/);
    for (const ok of ['train/cat.1.jpg', 'PetImages/Cat/1.jpg', 'a..b/cat.jpg', 'cat..1.jpg']) assert.equal(unsafeArchivePath(ok), undefined, ok);
  });
});
