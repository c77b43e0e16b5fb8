import { selectBackend } from '../../../src/engine/tf/backends';
import { forgetNativePackagesForTests } from '../../../src/engine/tf/native';
import { bundledTf, useTf } from '../../../src/engine/tf/tf';

/** Puts the engine back on the bundled tfjs and its cpu backend, as other test files expect. */
export async function restoreDefaultBackend(): Promise<void> {
  forgetNativePackagesForTests();
  useTf(bundledTf());
  await selectBackend('cpu');
}
