import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, EngineError } from '../../../src/engine/errors';
import { DEFAULT_ALLOWED_HOSTS, checkDownloadUrl, download, hostAllowed, hostsForUserUrl } from '../../../src/engine/net/download';
import { startFileServer, type TestServer } from '../../support/httpServer';

describe('net/download', () => {
  let root: string;
  let served: string;
  let dest: string;
  let server: TestServer | undefined;
  const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
  const sha256 = createHash('sha256').update(body).digest('hex');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'download-'));
    served = join(root, 'www');
    dest = join(root, 'cache', 'file.bin');
    mkdirSync(served);
    writeFileSync(join(served, 'file.bin'), body);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('downloads a file with progress and checks its hash', async () => {
    server = await startFileServer(served);
    const seen: Array<[number, number | undefined]> = [];
    await download(`${server.url}/file.bin`, dest, { hash: { algorithm: 'sha256', hex: sha256 }, onProgress: (d, t) => seen.push([d, t]) });
    assert.deepEqual(readFileSync(dest), body);
    assert.deepEqual(seen[seen.length - 1], [body.length, body.length]);
    assert.ok(!existsSync(`${dest}.part`));
  });

  it('a dropped connection says it can resume, and the next call completes the file', async () => {
    server = await startFileServer(served, { dropAfterBytes: 100_000 });
    await assert.rejects(download(`${server.url}/file.bin`, dest), (e: unknown) => e instanceof EngineError && e.code === 'download' && /resumes/.test(e.hint!));
    assert.ok(!existsSync(dest));
    // How much of the first answer reached the disk before the socket died varies; whatever it is is resumed.
    const partial = existsSync(`${dest}.part`) ? readFileSync(`${dest}.part`).length : 0;
    await download(`${server.url}/file.bin`, dest, { hash: { algorithm: 'sha256', hex: sha256 } });
    assert.deepEqual(readFileSync(dest), body);
    assert.equal(server.requests[1].range, partial > 0 ? `bytes=${partial}-` : undefined);
  });

  it('resumes a partial download with a Range request', async () => {
    server = await startFileServer(served);
    mkdirSync(join(root, 'cache'));
    writeFileSync(`${dest}.part`, body.subarray(0, 123_456));
    await download(`${server.url}/file.bin`, dest, { hash: { algorithm: 'sha256', hex: sha256 } });
    assert.deepEqual(readFileSync(dest), body);
    assert.deepEqual(server.requests.map((r) => r.range), ['bytes=123456-']);
  });

  it('restarts cleanly when the server ignores ranges', async () => {
    server = await startFileServer(served, { noRanges: true });
    mkdirSync(join(root, 'cache'));
    writeFileSync(`${dest}.part`, body.subarray(0, 123_456));
    await download(`${server.url}/file.bin`, dest);
    assert.deepEqual(readFileSync(dest), body);
    assert.deepEqual(server.requests.map((r) => r.range), ['bytes=123456-']);
  });

  it('a hash mismatch deletes the partial file and says so', async () => {
    server = await startFileServer(served);
    await assert.rejects(download(`${server.url}/file.bin`, dest, { hash: { algorithm: 'sha256', hex: 'f'.repeat(64) } }), (e: unknown) => e instanceof EngineError && /expected f{64}/.test(e.message) && /deleted/.test(e.hint!));
    assert.ok(!existsSync(dest));
    assert.ok(!existsSync(`${dest}.part`));
  });

  it('a stale partial file that makes the hash wrong is thrown away and the download restarted', async () => {
    server = await startFileServer(served);
    mkdirSync(join(root, 'cache'));
    writeFileSync(`${dest}.part`, Buffer.alloc(1000, 0xee));
    await download(`${server.url}/file.bin`, dest, { hash: { algorithm: 'sha256', hex: sha256 } });
    assert.deepEqual(readFileSync(dest), body);
    assert.equal(server.requests.length, 2);
  });

  it('follows redirects, but not to a host that is not allowed', async () => {
    server = await startFileServer(served, {
      routes: {
        '/moved': (_req, res) => res.writeHead(302, { Location: '/file.bin' }).end(),
        '/away': (_req, res) => res.writeHead(302, { Location: 'https://evil.example.com/file.bin' }).end(),
        '/plain': (_req, res) => res.writeHead(301, { Location: 'http://example.com/file.bin' }).end(),
      },
    });
    await download(`${server.url}/moved`, dest);
    assert.deepEqual(readFileSync(dest), body);
    await assert.rejects(download(`${server.url}/away`, join(root, 'b')), /Downloads from evil\.example\.com are not allowed/);
    await assert.rejects(download(`${server.url}/plain`, join(root, 'c')), /Refusing to download over http/);
  });

  it('refuses plain http, unknown hosts and nonsense URLs', () => {
    assert.throws(() => checkDownloadUrl('http://storage.googleapis.com/x.zip'), /Refusing to download over http/);
    assert.throws(() => checkDownloadUrl('https://example.com/x.zip'), (e: unknown) => e instanceof EngineError && /not allowed/.test(e.message) && /Download the file yourself/.test(e.hint!));
    assert.throws(() => checkDownloadUrl('ftp://127.0.0.1/x'), /Unsupported protocol/);
    assert.throws(() => checkDownloadUrl('not a url'), /not a valid URL/);
    assert.equal(checkDownloadUrl('https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip').hostname, 'storage.googleapis.com');
  });

  it("allows the https host a user wrote in a config (and its subdomains), nothing else", () => {
    const hosts = hostsForUserUrl('https://models.example.org/mobilenet/model.json');
    assert.deepEqual(hosts.slice(0, DEFAULT_ALLOWED_HOSTS.length), DEFAULT_ALLOWED_HOSTS);
    assert.equal(checkDownloadUrl('https://models.example.org/x.h5', hosts).hostname, 'models.example.org');
    assert.equal(checkDownloadUrl('https://cdn.models.example.org/x.h5', hosts).hostname, 'cdn.models.example.org');
    assert.throws(() => checkDownloadUrl('https://evil.example/x.h5', hosts), /Downloads from evil\.example are not allowed/);
    assert.throws(() => checkDownloadUrl('https://notmodels.example.org/x.h5', hosts), /not allowed/);
    assert.throws(() => checkDownloadUrl('https://models.example.org.evil.example/x.h5', hosts), /not allowed/);
    assert.throws(() => checkDownloadUrl('http://models.example.org/x.h5', hosts), /Refusing to download over http/);
    assert.ok(hostAllowed('GitHub.com', ['github.com']));
    assert.ok(!hostAllowed('example.org', ['*.example.org']), 'a wildcard is for subdomains only');
  });

  it('reports HTTP errors with a hint', async () => {
    server = await startFileServer(served);
    await assert.rejects(download(`${server.url}/missing.zip`, dest), (e: unknown) => e instanceof EngineError && /HTTP 404/.test(e.message) && /check the URL/.test(e.hint!));
  });

  it('can be cancelled mid-way and leaves the partial file for a resume', async () => {
    server = await startFileServer(served, {
      routes: {
        '/slow': (_req, res) => {
          res.writeHead(200, { 'Content-Length': body.length });
          res.write(body.subarray(0, 1000));
          // ...and never more: the client has to give up by itself.
        },
      },
    });
    const controller = new AbortController();
    await assert.rejects(
      download(`${server.url}/slow`, dest, { signal: controller.signal, onProgress: () => controller.abort() }),
      (e: unknown) => e instanceof CancelledError,
    );
    assert.ok(!existsSync(dest));
  });
});
