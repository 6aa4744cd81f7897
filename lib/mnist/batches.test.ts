import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../numpy-random';
import { chunksOf, EpochOrder, gatherBatch, MnistBatcher, type Shuffler } from './batches';
import { oneHot } from './encode';
import { MNIST_CLASSES } from './idx';
import { MNIST_PIXELS, type MnistSplit } from './load';

/** numpy running input_data's own next_batch, from fixtures/make_next_batch_reference.py. */
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/mnist/next-batch-reference.json', import.meta.url), 'utf8'),
) as {
  nextBatch: { n: number; batchSize: number; seed: number; batches: number[][] }[];
};

/** Small splits still reach every branch (first call, mid-epoch, boundary, batch = whole epoch). */
const MAX_EXAMPLES = 40;
/** Enough calls to cross several epoch boundaries even with the largest batches. */
const MAX_CALLS = 30;
/** Any uint32 is a valid numpy seed. */
const MAX_SEED = 2 ** 32 - 1;
/** The book's chapter 5 evaluates the 10000 test images in 4 chunks of 2500. */
const BOOK_TEST_CHUNK = 2500;
const MNIST_TEST_COUNT = 10000;

/** Several epochs show that reshuffling keeps every epoch a permutation, not only the first. */
const MAX_EPOCHS = 4;

const seedArb = fc.integer({ min: 0, max: MAX_SEED });
const sizeArb = fc.integer({ min: 1, max: MAX_EXAMPLES });
/** A split size n, a batch size from 1 to n, and a number of calls. */
const scheduleArb = fc.integer({ min: 1, max: MAX_EXAMPLES }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    batchSize: fc.integer({ min: 1, max: n }),
    calls: fc.integer({ min: 1, max: MAX_CALLS }),
    seed: seedArb,
  }),
);

/**
 * input_data's next_batch translated literally: it reorders the whole "images" array (here the
 * example ids themselves) with `images[perm]` at every shuffle, the way the Python code does.
 */
function referenceNextBatch(n: number, rng: Shuffler): (batchSize: number) => number[] {
  let images = Array.from({ length: n }, (_, i) => i);
  let indexInEpoch = 0;
  let epochsCompleted = 0;
  const reorder = () => {
    const perm = Array.from({ length: n }, (_, i) => i);
    rng.shuffle(perm);
    images = perm.map((p) => images[p]!);
  };
  return (batchSize) => {
    let start = indexInEpoch;
    if (epochsCompleted === 0 && start === 0) reorder();
    if (start + batchSize > n) {
      epochsCompleted += 1;
      const rest = images.slice(start, n);
      reorder();
      start = 0;
      indexInEpoch = batchSize - rest.length;
      return [...rest, ...images.slice(start, indexInEpoch)];
    }
    indexInEpoch += batchSize;
    return images.slice(start, indexInEpoch);
  };
}

function batchesOf(order: EpochOrder, batchSize: number, calls: number): number[][] {
  return Array.from({ length: calls }, () => Array.from(order.next(batchSize)));
}

describe('EpochOrder', () => {
  it('should serve exactly what numpy serves through input_data for the recorded seeds', () => {
    for (const { n, batchSize, seed, batches } of reference.nextBatch) {
      expect(batchesOf(new EpochOrder(n, new RandomState(seed)), batchSize, batches.length)).toEqual(batches);
    }
  });

  it('should serve the same batches as a literal translation of input_data', () => {
    fc.assert(
      fc.property(scheduleArb, ({ n, batchSize, calls, seed }) => {
        const reference = referenceNextBatch(n, new RandomState(seed));
        const expected = Array.from({ length: calls }, () => reference(batchSize));
        expect(batchesOf(new EpochOrder(n, new RandomState(seed)), batchSize, calls)).toEqual(expected);
      }),
    );
  });

  it('should serve every example exactly once per epoch when the batch size divides the split', () => {
    fc.assert(
      fc.property(
        sizeArb,
        sizeArb,
        fc.integer({ min: 1, max: MAX_EPOCHS }),
        seedArb,
        (batchesPerEpoch, batchSize, epochs, seed) => {
          const n = batchesPerEpoch * batchSize;
          const order = new EpochOrder(n, new RandomState(seed));
          for (let epoch = 0; epoch < epochs; epoch++) {
            const served = batchesOf(order, batchSize, batchesPerEpoch).flat();
            expect(served.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
          }
        },
      ),
    );
  });

  it(
    'should fill a batch that crosses the epoch boundary with the rest of the epoch, then the start of a complete ' +
      'new one',
    () => {
      fc.assert(
        fc.property(scheduleArb, ({ n, batchSize, calls, seed }) => {
          // The concatenated stream, cut at every multiple of n, must be a permutation per epoch.
          const stream = batchesOf(new EpochOrder(n, new RandomState(seed)), batchSize, calls).flat();
          for (let from = 0; from + n <= stream.length; from += n) {
            expect(new Set(stream.slice(from, from + n)).size).toBe(n);
          }
        }),
      );
    },
  );

  it('should count completed epochs as input_data does, on the call that crosses the boundary', () => {
    const order = new EpochOrder(10, new RandomState(0));
    const counts = [3, 3, 3, 3, 3, 3, 3].map((size) => {
      order.next(size);
      return order.epochsCompleted;
    });
    expect(counts).toEqual([0, 0, 0, 1, 1, 1, 2]);
  });

  it('should serve the same batches for the same seed', () => {
    fc.assert(
      fc.property(scheduleArb, ({ n, batchSize, calls, seed }) => {
        const first = batchesOf(new EpochOrder(n, new RandomState(seed)), batchSize, calls);
        expect(batchesOf(new EpochOrder(n, new RandomState(seed)), batchSize, calls)).toEqual(first);
      }),
    );
  });

  it('should refuse batch sizes input_data would answer with a short batch, and empty splits', () => {
    const order = new EpochOrder(5, new RandomState(0));
    expect(() => order.next(6)).toThrow('batch size 6 is not a whole number from 1 to 5');
    expect(() => order.next(0)).toThrow(RangeError);
    expect(() => order.next(1.5)).toThrow(RangeError);
    expect(() => new EpochOrder(0, new RandomState(0))).toThrow('cannot batch 0 examples');
  });
});

/** A split whose image k is filled with k/100 and whose label is k mod 10, so rows are recognisable. */
function numberedSplit(count: number): MnistSplit {
  const images = new Float32Array(count * MNIST_PIXELS);
  for (let k = 0; k < count; k++) images.fill(k / 100, k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS);
  return { count, images, labels: Uint8Array.from({ length: count }, (_, k) => k % MNIST_CLASSES) };
}

describe('MnistBatcher', () => {
  it('should copy out the rows EpochOrder picks, with their labels one-hot', () => {
    fc.assert(
      fc.property(scheduleArb, ({ n, batchSize, calls, seed }) => {
        const split = numberedSplit(n);
        const batcher = new MnistBatcher(split, new RandomState(seed));
        const order = new EpochOrder(n, new RandomState(seed));
        for (let call = 0; call < calls; call++) {
          const batch = batcher.nextBatch(batchSize);
          const picked = order.next(batchSize);
          expect(batch.count).toBe(batchSize);
          // Each row's first and last pixel: a row copied whole, from the right place.
          const ends = (rowStart: number) => Array.from(picked, (_, r) => batch.images[r * MNIST_PIXELS + rowStart]);
          expect(ends(0)).toEqual(Array.from(picked, (k) => Math.fround(k / 100)));
          expect(ends(MNIST_PIXELS - 1)).toEqual(ends(0));
          expect(Array.from(batch.labels)).toEqual(Array.from(picked, (k) => k % MNIST_CLASSES));
          expect(batch.oneHot).toEqual(oneHot(batch.labels));
        }
        expect(batcher.epochsCompleted).toBe(order.epochsCompleted);
      }),
    );
  });

  it('should never change the split it draws from', () => {
    const split = numberedSplit(7);
    const before = split.images.slice();
    const batcher = new MnistBatcher(split, new RandomState(1));
    for (let call = 0; call < 10; call++) batcher.nextBatch(3).images.fill(-1);
    expect(split.images).toEqual(before);
  });
});

describe('gatherBatch', () => {
  it('should allow repeated rows and keep them in the order asked', () => {
    const batch = gatherBatch(numberedSplit(4), [3, 0, 3]);
    expect(Array.from(batch.labels)).toEqual([3, 0, 3]);
    expect(batch.images[MNIST_PIXELS]).toBe(0);
    expect(batch.images[2 * MNIST_PIXELS + MNIST_PIXELS - 1]).toBe(Math.fround(0.03));
  });
});

describe('chunksOf', () => {
  it('should cover the split in order, in chunks of the given size with a shorter last one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_EXAMPLES }), fc.integer({ min: 1, max: MAX_EXAMPLES }), (n, size) => {
        const split = numberedSplit(n);
        const chunks = [...chunksOf(split, size)];
        expect(chunks.map((c) => c.count)).toEqual(
          Array.from({ length: Math.ceil(n / size) }, (_, i) => Math.min(size, n - i * size)),
        );
        expect(chunks.flatMap((c) => Array.from(c.labels))).toEqual(Array.from(split.labels));
        chunks.forEach((c) => expect(c.oneHot).toEqual(oneHot(c.labels)));
      }),
    );
  });

  it('should refuse a chunk size below 1', () => {
    expect(() => chunksOf(numberedSplit(3), 0).next()).toThrow('chunk size 0 is not a whole number of at least 1');
  });

  it("should cut a test set of MNIST's size into the book's 4 chunks of 2500 without copying images", () => {
    const test = numberedSplit(MNIST_TEST_COUNT);
    const chunks = [...chunksOf(test, BOOK_TEST_CHUNK)];
    expect(chunks.map((c) => c.count)).toEqual([2500, 2500, 2500, 2500]);
    expect(chunks.every((c) => c.images.buffer === test.images.buffer)).toBe(true);
    expect(chunks[3]!.labels[BOOK_TEST_CHUNK - 1]).toBe(test.labels[test.count - 1]);
  });
});
