/** Chapter 5's short band: the two-convolution network of fixtures/bands/ch5.json's `short`. */
import bands from '../../fixtures/bands/ch5.json';
import { createDoubleConvNetwork } from '../../solutions/ch5-deep-cnn/network';
import { shortCnnMeasurement } from './short-cnn-run';

export const measurement = shortCnnMeasurement('ch5', bands.short, (seed) =>
  createDoubleConvNetwork({ ...bands.short.network, seed }),
);
