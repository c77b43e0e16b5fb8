/**
 * The TensorFlow.js namespace in use. It is the bundled @tensorflow/tfjs unless the native
 * @tensorflow/tfjs-node(-gpu) package is found at run time: that package registers its backend in
 * its own copy of tfjs, so the engine must then build every model and tensor with that copy.
 * Always call tf() inside functions; never keep the namespace in a module-level constant.
 */
import * as bundled from '@tensorflow/tfjs';

export type Tf = typeof bundled;

// PROD silences tfjs' console advice (the engine reports the backend and its reasons itself).
bundled.env().set('PROD', true);

let active: Tf = bundled;

export function tf(): Tf {
  return active;
}

/** Switches the engine to another tfjs namespace (done once, by backend selection, before any model exists). */
export function useTf(namespace: Tf): void {
  active = namespace;
}

export function bundledTf(): Tf {
  return bundled;
}
