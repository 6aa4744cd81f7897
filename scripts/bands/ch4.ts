/** Chapter 4's short band: the one-convolution network of fixtures/bands/ch4.json's `short`. */
import bands from '../../fixtures/bands/ch4.json';
import { createSingleConvNetwork } from '../../solutions/ch4-cnn/network';
import { shortCnnMeasurement } from './short-cnn-run';

export const measurement = shortCnnMeasurement('ch4', bands.short, (seed) =>
  createSingleConvNetwork({ ...bands.short.network, seed }),
);
