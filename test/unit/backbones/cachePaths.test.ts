import * as assert from 'node:assert/strict';
import { defaultCacheDir, weightsCacheDir } from '../../../src/engine/cache/paths';

describe('the per-user cache folder', () => {
  it('honours $CATS_DOGS_CACHE first', () => {
    assert.equal(defaultCacheDir({ platform: 'linux', env: { CATS_DOGS_CACHE: '/data/cache', XDG_CACHE_HOME: '/x' }, home: '/home/u' }), '/data/cache');
  });
  it('uses $XDG_CACHE_HOME or ~/.cache on Linux', () => {
    assert.equal(defaultCacheDir({ platform: 'linux', env: { XDG_CACHE_HOME: '/xdg' }, home: '/home/u' }), '/xdg/cats-vs-dogs-lab');
    assert.equal(defaultCacheDir({ platform: 'linux', env: {}, home: '/home/u' }), '/home/u/.cache/cats-vs-dogs-lab');
    assert.equal(defaultCacheDir({ platform: 'linux', env: { XDG_CACHE_HOME: 'relative' }, home: '/home/u' }), '/home/u/.cache/cats-vs-dogs-lab');
  });
  it('uses ~/Library/Caches on macOS and %LOCALAPPDATA% on Windows', () => {
    assert.equal(defaultCacheDir({ platform: 'darwin', env: {}, home: '/Users/u' }), '/Users/u/Library/Caches/cats-vs-dogs-lab');
    assert.equal(defaultCacheDir({ platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, home: 'C:\\Users\\u' }), 'C:\\Users\\u\\AppData\\Local\\cats-vs-dogs-lab\\Cache');
    assert.equal(defaultCacheDir({ platform: 'win32', env: {}, home: 'C:\\Users\\u' }), 'C:\\Users\\u\\AppData\\Local\\cats-vs-dogs-lab\\Cache');
  });
  it('keeps weights in <cacheDir>/weights', () => {
    assert.equal(weightsCacheDir('/c'), '/c/weights');
  });
});
