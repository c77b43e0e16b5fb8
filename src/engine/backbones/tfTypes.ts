/** tfjs types for the backbones, derived from the active namespace's type so no module imports tfjs itself. */
import type { Tf } from '../tf/tf';

export type LayersModel = ReturnType<Tf['model']>;
export type SymbolicTensor = ReturnType<Tf['input']>;
export type Layer = InstanceType<Tf['layers']['Layer']>;
export type Tensor = ReturnType<Tf['tensor']>;
export type Tensor4D = ReturnType<Tf['tensor4d']>;
export type LayerVariable = Layer['weights'][number];
