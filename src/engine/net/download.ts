/**
 * Downloads a file to disk: progress, resume of a partial download (HTTP Range), a hash check before
 * the file is used, and an atomic rename so a half-written file never sits under the final name.
 * Only HTTPS from the allowed hosts; plain HTTP only to the loopback address (tests, local mirrors).
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { dirname } from 'node:path';
import { EngineError, throwIfCancelled } from '../errors';

export const DEFAULT_ALLOWED_HOSTS = ['storage.googleapis.com', 'download.microsoft.com', 'github.com', 'objects.githubusercontent.com'];

export interface DownloadOptions {
  /** Expected digest, checked before the file is renamed into place. */
  hash?: { algorithm: 'md5' | 'sha256'; hex: string };
  onProgress?: (done: number, total: number | undefined) => void;
  signal?: AbortSignal;
  allowedHosts?: readonly string[];
  /** Follow at most this many redirects. */
  maxRedirects?: number;
}

/** An entry "*.example.com" allows every subdomain of example.com; others allow exactly that host. */
export function hostAllowed(hostname: string, allowedHosts: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowedHosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1).toLowerCase()) : host === h.toLowerCase()));
}

/**
 * The hosts a download named by the user may use: the defaults, plus the host the user wrote (and its
 * subdomains, where CDNs answer redirects). A weights URL in an experiment config is the user's
 * choice (and configs only run in a trusted workspace), so its https host is allowed; redirects to any
 * other host, and plain http, are still refused.
 */
export function hostsForUserUrl(url: string): string[] {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return [...DEFAULT_ALLOWED_HOSTS];
  }
  return [...DEFAULT_ALLOWED_HOSTS, host, `*.${host}`];
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Throws unless the URL may be downloaded from. */
export function checkDownloadUrl(url: string, allowedHosts: readonly string[] = DEFAULT_ALLOWED_HOSTS): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EngineError('download', `"${url}" is not a valid URL.`, 'Use a full https:// address.');
  }
  if (isLoopback(parsed.hostname)) {
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new EngineError('download', `Unsupported protocol in ${url}.`);
    return parsed;
  }
  if (parsed.protocol !== 'https:') throw new EngineError('download', `Refusing to download over ${parsed.protocol.replace(':', '')}: ${url}`, 'Use an https:// address.');
  if (!hostAllowed(parsed.hostname, allowedHosts)) {
    throw new EngineError('download', `Downloads from ${parsed.hostname} are not allowed.`, `Allowed hosts: ${allowedHosts.join(', ')}. Download the file yourself and give its path instead.`);
  }
  return parsed;
}

export async function hashFile(file: string, algorithm: 'md5' | 'sha256'): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

function request(url: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.get(url, { headers, signal, timeout: 30_000 }, (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }));
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} in 30 s`)));
    req.on('error', reject);
  });
}

/**
 * Downloads `url` to `dest`. A partial file from an earlier attempt (`dest + '.part'`) is resumed
 * when the server supports ranges, and restarted cleanly when it does not or the result is wrong.
 */
export async function download(url: string, dest: string, opts: DownloadOptions = {}): Promise<void> {
  let target = checkDownloadUrl(url, opts.allowedHosts);
  const part = `${dest}.part`;
  await fs.mkdir(dirname(dest), { recursive: true });
  let redirects = opts.maxRedirects ?? 5;
  for (let attempt = 0; attempt < 2; attempt++) {
    throwIfCancelled(opts.signal);
    const have = await fs.stat(part).then((s) => s.size, () => 0);
    let res: Response;
    try {
      res = await request(target, have > 0 ? { Range: `bytes=${have}-` } : {}, opts.signal);
    } catch (err) {
      throwIfCancelled(opts.signal);
      throw new EngineError('download', `Could not reach ${target.host}: ${(err as Error).message}`, 'Check the network connection and try again; a partial download is resumed.');
    }
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      res.body.resume();
      if (--redirects < 0) throw new EngineError('download', `Too many redirects from ${url}.`);
      target = checkDownloadUrl(new URL(res.headers.location, target).toString(), opts.allowedHosts);
      attempt--;
      continue;
    }
    if (res.status === 416) {
      // The partial file is already complete (or bigger than the file): verify it below or restart.
      res.body.resume();
    } else if (res.status !== 200 && res.status !== 206) {
      res.body.resume();
      throw new EngineError('download', `${target.host} answered HTTP ${res.status} for ${target.pathname}.`, res.status === 404 ? 'The file is not at that address; check the URL.' : 'Try again later.');
    } else {
      const resumed = res.status === 206 && have > 0;
      const total = resumed ? parseContentRangeTotal(res.headers['content-range']) : numberOrUndefined(res.headers['content-length']);
      let done = resumed ? have : 0;
      const handle = await fs.open(part, resumed ? 'a' : 'w');
      try {
        for await (const chunk of res.body) {
          throwIfCancelled(opts.signal);
          await handle.write(chunk as Buffer);
          done += (chunk as Buffer).length;
          opts.onProgress?.(done, total);
        }
        await handle.sync();
      } catch (err) {
        throwIfCancelled(opts.signal);
        throw new EngineError('download', `The download from ${target.host} broke off: ${(err as Error).message}`, 'Run it again: it resumes where it stopped.');
      } finally {
        await handle.close();
      }
      if (total !== undefined && done !== total) {
        throw new EngineError('download', `The download from ${target.host} ended early (${done} of ${total} bytes).`, 'Run it again: it resumes where it stopped.');
      }
    }
    if (opts.hash) {
      const actual = await hashFile(part, opts.hash.algorithm);
      if (actual !== opts.hash.hex.toLowerCase()) {
        await fs.rm(part, { force: true });
        if (attempt === 0 && have > 0) continue; // a stale partial file: start over once
        throw new EngineError('download', `The file from ${url} has ${opts.hash.algorithm} ${actual}, expected ${opts.hash.hex}.`, 'The download is damaged or the file has changed upstream; it was deleted. Try again, or check the expected hash.');
      }
    }
    await fs.rename(part, dest);
    return;
  }
}

function numberOrUndefined(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function parseContentRangeTotal(v: string | undefined): number | undefined {
  const m = v && /\/(\d+)$/.exec(v);
  return m ? Number(m[1]) : undefined;
}
