import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ../shared beside the repository (or $CATS_DOGS_SHARED): real photos, models and weights. */
export const SHARED = process.env.CATS_DOGS_SHARED ?? resolve(__dirname, '../../../shared');
export const SHARED_ZIP = join(SHARED, 'datasets/dogs-vs-cats-2000/train.zip');
export const SHARED_MODELS = join(SHARED, 'models');
export const MOBILENET_025_H5 = join(SHARED_MODELS, 'keras/mobilenet_2_5_224_tf_no_top.h5');
export const MOBILENET_075_JSON = join(SHARED_MODELS, 'mobilenet_v1_0.75_224/model.json');
export const MOBILENET_025_JSON = join(SHARED_MODELS, 'mobilenet_v1_0.25_224/model.json');

export function sharedAvailable(): boolean {
  return existsSync(SHARED_ZIP);
}
