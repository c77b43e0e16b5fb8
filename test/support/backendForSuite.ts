/** Mocha hooks that switch TensorFlow.js' backend for one describe block and put the previous one back. */
import { tf } from '../../src/engine/tf/tf';

export function backendForSuite(switchTo: () => Promise<unknown>): void {
  let previousBackend = '';
  before(async () => {
    previousBackend = tf().getBackend();
    await switchTo();
  });
  after(async () => {
    if (previousBackend) await tf().setBackend(previousBackend);
  });
}
