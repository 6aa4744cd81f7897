/** `Add` on float32: a JavaScript loop or ../simd/elementwise on the pool (../routes/elementwise). */
import { Add } from '@tensorflow/tfjs';
import { binaryKernelConfig } from '../routes/elementwise';

export const addConfig = binaryKernelConfig(Add, 'add');
