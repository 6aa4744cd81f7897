/** `RealDiv` on float32: a JavaScript loop or ../simd/elementwise on the pool (../routes/elementwise). */
import { RealDiv } from '@tensorflow/tfjs';
import { binaryKernelConfig } from '../routes/elementwise';

export const realDivConfig = binaryKernelConfig(RealDiv, 'div');
