/**
 * Mini-batches as TensorFlow 1.x's `input_data` `DataSet.next_batch(batch_size)` serves them, with
 * numpy's global RNG replaced by a seeded generator, so a kata seeded like the book's script sees
 * the same examples in the same order.
 *
 * input_data reorders its whole image array at every epoch; we keep only the order (an index per
 * example) and copy each batch's rows out of the shared, never-modified split.
 */
import { oneHot } from './encode';
import { MNIST_PIXELS, sliceSplit, type MnistSplit } from './load';

/** Shuffles in place with numpy's legacy algorithm; `RandomState` from `lib/numpy-random` is one. */
export interface Shuffler {
  shuffle(items: { length: number; [index: number]: number }): void;
}

/** A split's rows ready for a network: the images, their digits and the same digits one-hot. */
export interface MnistBatch extends MnistSplit {
  /** `count × 10` floats, row-major: 1 in the column of the row's digit. */
  readonly oneHot: Float32Array;
}

/**
 * The order in which `next_batch` visits examples, as positions `0 … n-1` into the split, with
 * input_data's epoch bookkeeping (`_index_in_epoch`, `_epochs_completed`) kept line for line.
 */
export class EpochOrder {
  /** `order[k]` is the example at position k of the current epoch (input_data's `_images[k]`). */
  private order: Int32Array;
  private indexInEpoch = 0;
  private completed = 0;

  constructor(
    readonly count: number,
    private readonly rng: Shuffler,
  ) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`cannot batch ${count} examples`);
    this.order = arange(count);
  }

  /** Epochs fully served so far (input_data's `epochs_completed`). */
  get epochsCompleted(): number {
    return this.completed;
  }

  /** The positions of the next batch, exactly as `next_batch(batchSize)` would pick them. */
  next(batchSize: number): Int32Array {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > this.count) {
      // input_data would silently return a short batch here; a short batch is always a bug.
      throw new RangeError(`batch size ${batchSize} is not a whole number from 1 to ${this.count}`);
    }
    const start = this.indexInEpoch;
    // input_data shuffles before the very first batch, not at construction.
    if (this.completed === 0 && start === 0) this.reshuffle();
    if (start + batchSize <= this.count) {
      this.indexInEpoch += batchSize;
      return this.order.slice(start, this.indexInEpoch);
    }
    // The epoch ends inside this batch: its rest, then the start of a freshly shuffled epoch.
    this.completed += 1;
    const rest = this.order.slice(start);
    this.reshuffle();
    this.indexInEpoch = batchSize - rest.length;
    const batch = new Int32Array(batchSize);
    batch.set(rest);
    batch.set(this.order.subarray(0, this.indexInEpoch), rest.length);
    return batch;
  }

  /**
   * input_data does `perm = arange(n); shuffle(perm); _images = _images[perm]`: the new order is a
   * permutation OF THE CURRENT ORDER, not a fresh permutation of the original examples, and the
   * RNG draws are those of shuffling an arange. Both matter for reproducing its batches.
   */
  private reshuffle(): void {
    const perm = arange(this.count);
    this.rng.shuffle(perm);
    this.order = perm.map((k) => this.order[k]!);
  }
}

/** `next_batch` over one split: `new MnistBatcher(mnist.train, new RandomState(seed)).nextBatch(50)`. */
export class MnistBatcher {
  private readonly epochOrder: EpochOrder;

  constructor(
    readonly split: MnistSplit,
    rng: Shuffler,
  ) {
    this.epochOrder = new EpochOrder(split.count, rng);
  }

  get epochsCompleted(): number {
    return this.epochOrder.epochsCompleted;
  }

  nextBatch(batchSize: number): MnistBatch {
    return gatherBatch(this.split, this.epochOrder.next(batchSize));
  }
}

/** Copies the rows at `positions` out of a split, in that order. */
export function gatherBatch(split: MnistSplit, positions: ArrayLike<number>): MnistBatch {
  const images = new Float32Array(positions.length * MNIST_PIXELS);
  const labels = new Uint8Array(positions.length);
  for (let row = 0; row < positions.length; row++) {
    const at = positions[row]!;
    images.set(split.images.subarray(at * MNIST_PIXELS, (at + 1) * MNIST_PIXELS), row * MNIST_PIXELS);
    labels[row] = split.labels[at]!;
  }
  return { count: positions.length, images, labels, oneHot: oneHot(labels) };
}

/**
 * A split in consecutive chunks of `chunkSize` rows (the last may be shorter), in file order and
 * without copying images: the book evaluates chapter 5's test accuracy in 4 chunks of 2500 so
 * that the convolution activations of 10000 images need not fit in memory at once.
 */
export function* chunksOf(split: MnistSplit, chunkSize: number): Generator<MnistBatch> {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunk size ${chunkSize} is not a whole number of at least 1`);
  }
  for (let from = 0; from < split.count; from += chunkSize) {
    const chunk = sliceSplit(split, from, Math.min(from + chunkSize, split.count));
    yield { ...chunk, oneHot: oneHot(chunk.labels) };
  }
}

function arange(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
