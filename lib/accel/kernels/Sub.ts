/** `Sub` on float32: a JavaScript loop or ../simd/elementwise on the pool (../routes/elementwise). */
import { Sub } from '@tensorflow/tfjs';
import { binaryKernelConfig } from '../routes/elementwise';

export const subConfig = binaryKernelConfig(Sub, 'sub');
