/**
 * The per-user cache folder shared by every lab workspace (downloaded weights, feature caches):
 * $CATS_DOGS_CACHE if set; else the platform's cache location:
 *   Linux and others: $XDG_CACHE_HOME/cats-vs-dogs-lab, or ~/.cache/cats-vs-dogs-lab
 *   macOS:            ~/Library/Caches/cats-vs-dogs-lab
 *   Windows:          %LOCALAPPDATA%\cats-vs-dogs-lab\Cache
 */
import { homedir } from 'node:os';
import * as path from 'node:path';

export const APP_DIR_NAME = 'cats-vs-dogs-lab';

export interface CacheDirEnv {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  home?: string;
}

export function defaultCacheDir(opts: CacheDirEnv = {}): string {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const home = opts.home ?? homedir();
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (env.CATS_DOGS_CACHE) return env.CATS_DOGS_CACHE;
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || p.join(home, 'AppData', 'Local');
    return p.join(local, APP_DIR_NAME, 'Cache');
  }
  if (platform === 'darwin') return p.join(home, 'Library', 'Caches', APP_DIR_NAME);
  const xdg = env.XDG_CACHE_HOME && p.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : p.join(home, '.cache');
  return p.join(xdg, APP_DIR_NAME);
}

/** Where downloaded weight files live: <cacheDir>/weights. */
export function weightsCacheDir(cacheDir: string): string {
  return path.join(cacheDir, 'weights');
}
