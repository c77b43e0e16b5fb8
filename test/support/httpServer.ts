/**
 * A static file server on 127.0.0.1 for download tests: serves a folder, honours Range requests,
 * and can be told to misbehave (drop the connection after N bytes, refuse ranges, redirect).
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface TestServerOptions {
  /** Close the socket after sending this many body bytes (first request only). */
  dropAfterBytes?: number;
  /** Ignore Range headers (always answer 200 with the whole file). */
  noRanges?: boolean;
  /** Extra routes: path -> handler. */
  routes?: Record<string, http.RequestListener>;
}

export interface TestServer {
  url: string;
  requests: Array<{ path: string; range?: string }>;
  close(): Promise<void>;
}

export async function startFileServer(root: string, options: TestServerOptions = {}): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  let dropped = false;
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, range: req.headers.range });
    const route = options.routes?.[path];
    if (route) return route(req, res);
    const file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    let end = stat.size - 1;
    const range = !options.noRanges && req.headers.range ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range) : null;
    if (range) {
      start = Number(range[1]);
      if (range[2]) end = Number(range[2]);
      if (start >= stat.size) {
        res.writeHead(416, { 'Content-Range': `bytes */${stat.size}` }).end();
        return;
      }
      res.writeHead(206, { 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${stat.size}`, 'Accept-Ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'Content-Length': stat.size, 'Accept-Ranges': options.noRanges ? 'none' : 'bytes' });
    }
    const stream = createReadStream(file, { start, end });
    if (options.dropAfterBytes !== undefined && !dropped) {
      dropped = true;
      let sent = 0;
      stream.on('data', (chunk) => {
        const buf = chunk as Buffer;
        const room = options.dropAfterBytes! - sent;
        if (room <= 0) return;
        sent += Math.min(room, buf.length);
        if (sent >= options.dropAfterBytes!) {
          stream.destroy();
          // Drop only once the bytes so far have left, or a small limit would send nothing at all.
          res.write(buf.subarray(0, room), () => res.socket?.destroy());
        } else {
          res.write(buf.subarray(0, room));
        }
      });
      return;
    }
    stream.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
