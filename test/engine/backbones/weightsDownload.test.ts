/**
 * "imagenet" and URL weights through a local HTTP server standing in for Google's storage: progress,
 * the per-user cache (a second load makes no request), MD5 checks that reject a file and keep it out of
 * the cache, and unreachable or missing addresses.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadBackbone, type BackboneSpec, type ProgressEvent } from '../../../src/engine/backbones';
import { EngineError } from '../../../src/engine/errors';
import { startFileServer, type TestServer } from '../../support/httpServer';
import { MOBILENET_025_H5, MOBILENET_025_JSON, sharedAvailable } from '../../support/shared';

const MOBILENET_PATH = 'tensorflow/keras-applications/mobilenet/mobilenet_2_5_224_tf_no_top.h5';
const VGG16_PATH = 'tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
const H5_BYTES = 2_108_140;

function mobilenet(extra: Partial<BackboneSpec> = {}): BackboneSpec {
  return { architecture: 'MobileNet', alpha: 0.25, weights: 'imagenet', inputSize: [224, 224], preprocessing: 'tf', trainable: false, ...extra };
}

const isError = (code: string, re: RegExp) => (e: unknown) => e instanceof EngineError && e.code === code && re.test(e.message) && !!e.hint;

describe('weights download and cache (local server)', function () {
  let root: string;
  let cacheDir: string;
  let server: TestServer;

  before(async function () {
    if (!sharedAvailable()) this.skip();
    root = mkdtempSync(join(tmpdir(), 'cats-dogs-www-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'cats-dogs-cache-'));
    mkdirSync(dirname(join(root, MOBILENET_PATH)), { recursive: true });
    symlinkSync(MOBILENET_025_H5, join(root, MOBILENET_PATH));
    mkdirSync(dirname(join(root, VGG16_PATH)), { recursive: true });
    writeFileSync(join(root, VGG16_PATH), 'not the real VGG16 weights');
    mkdirSync(join(root, 'models'));
    symlinkSync(dirname(MOBILENET_025_JSON), join(root, 'models/mobilenet'));
    server = await startFileServer(root);
  });
  after(async () => {
    await server?.close();
    for (const d of [root, cacheDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  const requestsFor = (path: string) => server.requests.filter((r) => r.path === `/${path}`).length;

  it('downloads the official file once, with progress, into <cacheDir>/weights', async () => {
    const events: ProgressEvent[] = [];
    const b = await loadBackbone(mobilenet(), { configDir: root, cacheDir, weightsBaseUrl: server.url, onProgress: (e) => events.push(e) });
    try {
      assert.equal(b.weightsMatch, 'h5:name');
      assert.deepEqual(b.featureShape, [7, 7, 256]);
      assert.equal(requestsFor(MOBILENET_PATH), 1);
      assert.ok(existsSync(join(cacheDir, 'weights', 'mobilenet_2_5_224_tf_no_top.h5')));
      const downloads = events.filter((e) => e.phase === 'download');
      assert.ok(downloads.length >= 2);
      assert.ok(downloads.every((e, i) => i === 0 || e.done >= downloads[i - 1].done), 'download progress never goes back');
      const last = downloads[downloads.length - 1];
      assert.equal(last.done, H5_BYTES);
      assert.equal(last.total, H5_BYTES);
      assert.match(last.message ?? '', /mobilenet_2_5_224_tf_no_top\.h5/);
      const loads = events.filter((e) => e.phase === 'load');
      assert.equal(loads[loads.length - 1].done, loads[loads.length - 1].total);
      assert.ok(events.indexOf(loads[0]) > events.indexOf(last), 'loading follows the download');
    } finally {
      b.dispose();
    }
  });

  it('uses the cached file on the next load without a request, also for a size that maps to the 224 file', async () => {
    const before = server.requests.length;
    const b = await loadBackbone(mobilenet({ inputSize: [150, 150] }), { configDir: root, cacheDir, weightsBaseUrl: server.url });
    try {
      assert.equal(server.requests.length, before);
      assert.deepEqual(b.featureShape, [4, 4, 256]);
    } finally {
      b.dispose();
    }
  });

  it('reads the base URL from $CATS_DOGS_WEIGHTS_BASE_URL', async () => {
    const own = mkdtempSync(join(tmpdir(), 'cats-dogs-cache-env-'));
    process.env.CATS_DOGS_WEIGHTS_BASE_URL = server.url;
    try {
      const b = await loadBackbone(mobilenet(), { configDir: root, cacheDir: own });
      b.dispose();
      assert.equal(requestsFor(MOBILENET_PATH), 2);
    } finally {
      delete process.env.CATS_DOGS_WEIGHTS_BASE_URL;
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('rejects an official file with the wrong MD5 and keeps nothing of it', async () => {
    await assert.rejects(
      loadBackbone({ ...mobilenet(), architecture: 'VGG16', alpha: undefined, preprocessing: 'caffe' }, { configDir: root, cacheDir, weightsBaseUrl: server.url }),
      isError('download', /has md5 [0-9a-f]{32}, expected 6d6bbae143d832006294945121d1f1fc/),
    );
    assert.deepEqual(readdirSync(join(cacheDir, 'weights')).filter((f) => f.startsWith('vgg16')), []);
  });

  it('checks weightsMd5 of an .h5 given by URL, and caches a good one', async () => {
    const url = `${server.url}/${MOBILENET_PATH}`;
    await assert.rejects(
      loadBackbone(mobilenet({ weights: url, weightsMd5: 'ffffffffffffffffffffffffffffffff' }), { configDir: root, cacheDir }),
      isError('download', /expected ffffffffffffffffffffffffffffffff/),
    );
    assert.equal(readdirSync(join(cacheDir, 'weights')).filter((f) => f.startsWith('url-')).length, 0);
    const b = await loadBackbone(mobilenet({ weights: url }), { configDir: root, cacheDir });
    b.dispose();
    assert.equal(readdirSync(join(cacheDir, 'weights')).filter((f) => f.startsWith('url-')).length, 1);
  });

  it('downloads a model.json with its shards, which gives the same weightsId as the local copy', async () => {
    const url = `${server.url}/models/mobilenet/model.json`;
    const events: ProgressEvent[] = [];
    const remote = await loadBackbone(mobilenet({ weights: url }), { configDir: root, cacheDir, onProgress: (e) => events.push(e) });
    const local = await loadBackbone(mobilenet({ weights: MOBILENET_025_JSON }), { configDir: root, cacheDir });
    try {
      assert.equal(remote.weightsMatch, 'tfjs');
      assert.equal(remote.weightsId, local.weightsId);
      assert.ok(server.requests.filter((r) => r.path.startsWith('/models/mobilenet/group')).length === 55);
      assert.ok(events.some((e) => e.phase === 'download' && /group1-shard1of1/.test(e.message ?? '')));
      const before = server.requests.length;
      const again = await loadBackbone(mobilenet({ weights: url }), { configDir: root, cacheDir });
      again.dispose();
      assert.equal(server.requests.length, before, 'the second load is served from the cache');
    } finally {
      remote.dispose();
      local.dispose();
    }
  });

  it('reports a missing file (HTTP 404) and an unreachable server as download errors', async () => {
    await assert.rejects(
      loadBackbone(mobilenet({ weights: `${server.url}/nothing/here.h5` }), { configDir: root, cacheDir }),
      isError('download', /HTTP 404/),
    );
    const closed = await startFileServer(root);
    await closed.close();
    await assert.rejects(loadBackbone(mobilenet(), { configDir: root, cacheDir: join(cacheDir, 'unreachable'), weightsBaseUrl: closed.url }), isError('download', /Could not reach 127\.0\.0\.1/));
  });

  it('takes a folder for the model.json inside it, relative to the config folder', async () => {
    const b = await loadBackbone(mobilenet({ weights: 'models/mobilenet' }), { configDir: root, cacheDir });
    try {
      assert.equal(b.weightsMatch, 'tfjs');
      assert.equal(b.outputLayer, 'conv_pw_13_relu');
    } finally {
      b.dispose();
    }
  });

  it('reports a weights path that does not exist', async () => {
    await assert.rejects(loadBackbone(mobilenet({ weights: 'no/such/weights.h5' }), { configDir: root, cacheDir }), isError('weights', /Weights file not found: .*no\/such\/weights\.h5/));
  });
});
