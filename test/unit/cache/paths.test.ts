import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { defaultCacheDir, resolveCacheDir } from '../../../src/engine/cache/paths';

describe('default cache folder', () => {
  it('honours $CATS_DOGS_CACHE on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      assert.equal(defaultCacheDir({ CATS_DOGS_CACHE: '/tmp/c' }, platform, '/home/u'), resolve('/tmp/c'));
    }
  });

  it('follows each platform convention', () => {
    assert.equal(defaultCacheDir({}, 'linux', '/home/u'), '/home/u/.cache/cats-vs-dogs-lab');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/u' }, 'linux', '/home/u'), '/var/cache/u/cats-vs-dogs-lab');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/cats-vs-dogs-lab');
    assert.equal(defaultCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/cats-vs-dogs-lab');
    assert.equal(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\cats-vs-dogs-lab\\Cache');
    assert.equal(defaultCacheDir({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\cats-vs-dogs-lab\\Cache');
  });

  it('prefers an explicit folder', () => {
    assert.equal(resolveCacheDir('/x/y'), resolve('/x/y'));
    assert.equal(resolveCacheDir(''), defaultCacheDir());
  });
});
