/**
 * A FAKE @tensorflow/tfjs-node(-gpu) package, FOR THE RESOLUTION TESTS ONLY: it is not TensorFlow.
 * The real packages can't be installed offline (their install step downloads libtensorflow), so
 * these tests check where the engine looks for them and what it does with what it finds, using a
 * package that exports just enough of a tfjs-like namespace to be loaded and switched to.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type FakeKind = 'gpu' | 'no-gpu' | 'throws' | 'not-tfjs';

export function writeFakeNativePackage(root: string, name: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu', kind: FakeKind): string {
  const dir = join(root, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0-fake', main: 'index.js' }));
  const body =
    kind === 'throws'
      ? `throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found (fake)');`
      : kind === 'not-tfjs'
        ? `module.exports = { hello: 'world' };`
        : `let active = null;
const fail = () => { throw new Error('fake namespace: no tensors here'); };
module.exports = {
  fakeForResolutionTest: ${JSON.stringify(`${name} from ${root}`)},
  version: { 'tfjs-node': '0.0.0-fake' },
  setBackend: async (n) => { if (n !== 'tensorflow') return false; active = n; return true; },
  getBackend: () => active,
  ready: async () => undefined,
  backend: () => ({ isUsingGpuDevice: ${kind === 'gpu'} }),
  tensor: fail, tidy: (f) => f(), sequential: fail, loadLayersModel: fail,
};`;
  writeFileSync(join(dir, 'index.js'), `// FAKE, for the resolution tests only (see test/support/fakeNativeTf.ts).\n${body}\n`);
  return dir;
}
