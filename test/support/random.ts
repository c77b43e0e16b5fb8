/** mulberry32 (the engine's): random inputs and weights are the same on every run. */
export { mulberry32 as seededRandom } from '../../src/engine/util/random';
