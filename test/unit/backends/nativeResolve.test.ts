import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { looksLikeTf, nativeSearchDirs, resolvePackage } from '../../../src/engine/tf/native';
import { writeFakeNativePackage } from '../../support/fakeNativeTf';

describe('native TensorFlow package resolution', () => {
  let root: string;
  let workspace: string;
  let engine: string;

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'cats-dogs-native-')));
    workspace = join(root, 'lab');
    engine = join(root, 'extension', 'dist');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('searches the lab folder first, then the engine', () => {
    assert.deepEqual(nativeSearchDirs('/lab', '/ext/dist'), [
      { dir: '/lab', from: 'workspace' },
      { dir: '/ext/dist', from: 'engine' },
    ]);
    assert.deepEqual(nativeSearchDirs(undefined, '/ext/dist'), [{ dir: '/ext/dist', from: 'engine' }]);
  });

  it("prefers the lab folder's copy over the engine's", () => {
    const inLab = writeFakeNativePackage(workspace, '@tensorflow/tfjs-node-gpu', 'gpu');
    writeFakeNativePackage(join(root, 'extension'), '@tensorflow/tfjs-node-gpu', 'gpu');
    const found = resolvePackage('@tensorflow/tfjs-node-gpu', nativeSearchDirs(workspace, engine));
    assert.equal(found?.from, 'workspace');
    assert.equal(found?.entry, join(inLab, 'index.js'));
  });

  it("falls back to the engine's node_modules (found by walking up from dist/)", () => {
    const inExtension = writeFakeNativePackage(join(root, 'extension'), '@tensorflow/tfjs-node', 'no-gpu');
    const found = resolvePackage('@tensorflow/tfjs-node', nativeSearchDirs(workspace, engine));
    assert.equal(found?.from, 'engine');
    assert.equal(found?.entry, join(inExtension, 'index.js'));
  });

  it('returns undefined when no folder has it, and does not confuse the two packages', () => {
    writeFakeNativePackage(workspace, '@tensorflow/tfjs-node', 'no-gpu');
    assert.equal(resolvePackage('@tensorflow/tfjs-node-gpu', nativeSearchDirs(workspace, engine)), undefined);
  });

  it('recognises a tfjs namespace by its API', () => {
    const fn = () => undefined;
    const ns = { setBackend: fn, getBackend: fn, ready: fn, backend: fn, tensor: fn, tidy: fn, sequential: fn, loadLayersModel: fn };
    assert.equal(looksLikeTf(ns), true);
    assert.equal(looksLikeTf({ ...ns, setBackend: 1 }), false);
    assert.equal(looksLikeTf(null), false);
    assert.equal(looksLikeTf({ hello: 'world' }), false);
  });
});
