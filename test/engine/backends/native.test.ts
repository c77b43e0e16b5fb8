/**
 * selectBackend with @tensorflow/tfjs-node(-gpu) found in the lab folder. The packages here are
 * FAKES written by test/support/fakeNativeTf.ts (the real ones can't be installed offline): these
 * tests cover resolution, loading and the namespace switch, not TensorFlow itself.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../../src/engine/errors';
import { selectBackend } from '../../../src/engine/tf/backends';
import { bundledTf, tf } from '../../../src/engine/tf/tf';
import { writeFakeNativePackage } from '../../support/fakeNativeTf';
import { restoreDefaultBackend } from './restore';

describe('backend selection: native TensorFlow from the lab folder (fake packages)', () => {
  let lab: string;

  beforeEach(async () => {
    await restoreDefaultBackend();
    lab = realpathSync(mkdtempSync(join(tmpdir(), 'cats-dogs-lab-')));
  });
  afterEach(async () => {
    await restoreDefaultBackend();
    rmSync(lab, { recursive: true, force: true });
  });

  it("uses the lab folder's tfjs-node-gpu and switches the engine to its tfjs", async () => {
    writeFakeNativePackage(lab, '@tensorflow/tfjs-node-gpu', 'gpu');
    const report = await selectBackend('tensorflow-gpu', { workspaceDir: lab });
    assert.equal(report.name, 'tensorflow-gpu');
    assert.match(report.reason, /forced by the backend setting/);
    assert.match(report.reason, /from the lab folder/);
    assert.match(report.device, /CUDA GPU/);
    assert.notEqual(tf(), bundledTf());
    assert.equal((tf() as unknown as { fakeForResolutionTest: string }).fakeForResolutionTest, `@tensorflow/tfjs-node-gpu from ${lab}`);
  });

  it('refuses tfjs-node-gpu when TensorFlow sees no CUDA GPU, and says what it needs', async () => {
    writeFakeNativePackage(lab, '@tensorflow/tfjs-node-gpu', 'no-gpu');
    await assert.rejects(selectBackend('tensorflow-gpu', { workspaceDir: lab }), (err: EngineError) => {
      assert.equal(err.code, 'backend');
      assert.match(err.message, /no CUDA GPU/);
      assert.match(err.message, /CUDA 11\.2 and cuDNN 8\.1/);
      return true;
    });
    assert.equal(tf(), bundledTf());
  });

  it('uses tfjs-node for the tensorflow (CPU) backend', async () => {
    writeFakeNativePackage(lab, '@tensorflow/tfjs-node', 'no-gpu');
    const report = await selectBackend('tensorflow', { workspaceDir: lab });
    assert.equal(report.name, 'tensorflow');
    assert.match(report.device, /through TensorFlow \(@tensorflow\/tfjs-node 0\.0\.0-fake\)/);
    assert.notEqual(tf(), bundledTf());
  });

  it('reports a package that is installed but fails to load, with how to fix it', async () => {
    writeFakeNativePackage(lab, '@tensorflow/tfjs-node-gpu', 'throws');
    await assert.rejects(selectBackend('tensorflow-gpu', { workspaceDir: lab }), (err: EngineError) => {
      assert.equal(err.code, 'backend');
      assert.match(err.message, /is installed \(.*index\.js\) but failed to load: The Node\.js native addon module/);
      assert.match(err.hint ?? '', /npm install @tensorflow\/tfjs-node-gpu/);
      return true;
    });
  });

  it('rejects a package that does not export the TensorFlow.js API', async () => {
    writeFakeNativePackage(lab, '@tensorflow/tfjs-node', 'not-tfjs');
    await assert.rejects(selectBackend('tensorflow', { workspaceDir: lab }), /does not export the TensorFlow\.js API/);
    assert.equal(tf(), bundledTf());
  });
});
