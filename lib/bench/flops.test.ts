import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cnnLayers, forwardFlops, trainingStepFlops, type Layer } from './flops';

const CH4 = cnnLayers({ side: 28, channels: 1, kernel: 5, convFilters: [16], dense: [1024, 10] });
const CH5 = cnnLayers({ side: 28, channels: 1, kernel: 5, convFilters: [32, 64], dense: [1024, 10] });

/** Layer sizes up to the book's (3136 inputs, 1024 units, 64 filters), so products stay exact in doubles. */
const LAYER: fc.Arbitrary<Layer> = fc.oneof(
  fc.record({
    kind: fc.constant('conv' as const),
    side: fc.integer({ min: 1, max: 28 }),
    kernel: fc.constantFrom(1, 3, 5),
    inChannels: fc.integer({ min: 1, max: 64 }),
    outChannels: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({
    kind: fc.constant('dense' as const),
    inputs: fc.integer({ min: 1, max: 3136 }),
    outputs: fc.integer({ min: 1, max: 1024 }),
  }),
);
const LAYERS = fc.array(LAYER, { minLength: 1, maxLength: 5 });
const BATCH = fc.integer({ min: 1, max: 200 });

describe('bench flops', () => {
  it("should give the book's chapter 4 layers: conv 28×28 1→16, dense 3136→1024, dense 1024→10", () => {
    expect(CH4).toEqual([
      { kind: 'conv', side: 28, kernel: 5, inChannels: 1, outChannels: 16 },
      { kind: 'dense', inputs: 3136, outputs: 1024 },
      { kind: 'dense', inputs: 1024, outputs: 10 },
    ]);
  });

  it('should halve the side per block, rounding up, before the dense layers', () => {
    expect(cnnLayers({ side: 7, channels: 3, kernel: 3, convFilters: [4, 8], dense: [5] })).toEqual([
      { kind: 'conv', side: 7, kernel: 3, inChannels: 3, outChannels: 4 },
      { kind: 'conv', side: 4, kernel: 3, inChannels: 4, outChannels: 8 },
      { kind: 'dense', inputs: 2 * 2 * 8, outputs: 5 },
    ]);
  });

  it('should count a chapter 4 step of 100 at 2.058 GFLOP (counted by hand)', () => {
    // conv: 28·28·25·16 = 313600 MACs, forward + filter gradient; dense: 3136·1024 + 1024·10, ×3.
    expect(trainingStepFlops(CH4, 100)).toBe(2 * 100 * (313_600 * 2 + (3_211_264 + 10_240) * 3));
  });

  it('should count a chapter 5 step of 50 at 4.102 GFLOP (counted by hand)', () => {
    // conv1 627200 MACs ×2; conv2 14·14·25·32·64 = 10035200, dense 3211264 and 10240, each ×3.
    expect(trainingStepFlops(CH5, 50)).toBe(2 * 50 * (627_200 * 2 + (10_035_200 + 3_211_264 + 10_240) * 3));
  });

  it('should grow linearly with the batch size', () => {
    fc.assert(
      fc.property(
        LAYERS,
        BATCH,
        (layers, batch) =>
          trainingStepFlops(layers, batch) === batch * trainingStepFlops(layers, 1) &&
          forwardFlops(layers, batch) === batch * forwardFlops(layers, 1),
      ),
    );
  });

  it('should cost between two and three forward passes per training step', () => {
    fc.assert(
      fc.property(LAYERS, BATCH, (layers, batch) => {
        const [forward, training] = [forwardFlops(layers, batch), trainingStepFlops(layers, batch)];
        return training >= 2 * forward && training <= 3 * forward;
      }),
    );
  });
});
