/**
 * Where the per-user cache (downloaded weights, feature cache) lives. $CATS_DOGS_CACHE wins; else the
 * platform's usual cache folder. Kept pure (env, platform and home passed in) so tests can call it.
 */
import { homedir } from 'node:os';
import { join, posix, resolve, win32 } from 'node:path';

export const CACHE_DIR_NAME = 'cats-vs-dogs-lab';

export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CATS_DOGS_CACHE) return resolve(env.CATS_DOGS_CACHE);
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local');
    return win32.join(local, CACHE_DIR_NAME, 'Cache');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', CACHE_DIR_NAME);
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative $XDG_CACHE_HOME is invalid and must be ignored.
  return posix.join(xdg && xdg.startsWith('/') ? xdg : posix.join(home, '.cache'), CACHE_DIR_NAME);
}

/** The cache folder to use: an explicit option (setting or --cache-dir) first, else the default. */
export function resolveCacheDir(option?: string): string {
  return option ? resolve(option) : defaultCacheDir();
}

/** Where downloaded weight files live: <cacheDir>/weights. */
export function weightsCacheDir(cacheDir: string): string {
  return join(cacheDir, 'weights');
}
