/** `Multiply` on float32: a JavaScript loop or ../simd/elementwise on the pool (../routes/elementwise). */
import { Multiply } from '@tensorflow/tfjs';
import { binaryKernelConfig } from '../routes/elementwise';

export const multiplyConfig = binaryKernelConfig(Multiply, 'mul');
