/**
 * The webgpu backend against the cpu backend, op by op and gradient by gradient, for every op the
 * katas and solutions train with (lib/testing/op-cases.ts), on small shapes drawn by fast-check.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { disagreements, OP_CASES, runCase } from '../testing/op-cases';
import { describeOnWebGpu, useWebGpuBackend } from '../testing/webgpu';

/** Each case compiles its shaders once, then runs in milliseconds: 8 shapes per case keep the file to seconds. */
const RUNS = 8;

describeOnWebGpu('webgpu ops and gradients against cpu', () => {
  useWebGpuBackend();

  for (const c of OP_CASES) {
    const what = `${c.name}${c.gradients ? ' and its gradients' : ''}`;
    it(`should compute ${what} as cpu does (${c.tolerance.why})`, async () => {
      await fc.assert(
        fc.asyncProperty(c.inputs, async (inputs) => {
          await tf.setBackend('cpu');
          const reference = runCase(c, inputs);
          await tf.setBackend('webgpu');
          const before = tf.memory().numTensors;
          const got = runCase(c, inputs);
          expect(tf.memory().numTensors, 'tensors left alive on webgpu').toBe(before);
          for (const d of disagreements(c, got, reference)) {
            const shapes = inputs.map((x) => `[${x.shape}]`).join(', ');
            expect(d.maxAbs, `${d.what} of ${c.name} on ${shapes}: max |webgpu − cpu|`).toBeLessThanOrEqual(d.bound);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});
