/** Switches tests to TensorFlow.js' wasm backend, loading its binaries from node_modules. */
import { dirname, join } from 'node:path';
import { tf } from '../../src/engine/tf/tf';

let registered = false;

export async function useWasmBackend(): Promise<void> {
  if (!registered) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(join(dist, '/').replace(/\\/g, '/'));
    registered = true;
  }
  if (!(await tf().setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  await tf().ready();
}
