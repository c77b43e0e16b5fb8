/** The per-user cache folder (downloads, weights, features) when the job does not name one. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CATS_DOGS_CACHE) return env.CATS_DOGS_CACHE;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'cats-dogs-lab', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'cats-dogs-lab');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cats-dogs-lab');
}

export function resolveCacheDir(cacheDir: string | undefined): string {
  return cacheDir || defaultCacheDir();
}
