/**
 * Turns MNIST's stored bytes into what a network consumes, exactly as TensorFlow 1.x's
 * `input_data.read_data_sets(one_hot=True)` does, so that losses and accuracies match the book's
 * numbers bit for bit where the arithmetic allows.
 */
import { MNIST_CLASSES } from './idx';

/**
 * input_data computes `images.astype(float32) * (1.0 / 255.0)`; numpy keeps float32 there, so the
 * Python scalar is first rounded to float32 and the product rounded again. A product of two float32
 * numbers is exact in float64, so rounding it once with `Math.fround` gives the same float32.
 */
export const PIXEL_SCALE = Math.fround(1 / 255);

/** All 256 possible pixel values, scaled once: a lookup is faster than 47 million multiplications. */
const SCALED_PIXEL = Float32Array.from({ length: 256 }, (_, p) => Math.fround(p * PIXEL_SCALE));

/** Pixels 0–255 to float32 intensities in [0, 1], same length, same order. */
export function scalePixels(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = SCALED_PIXEL[pixels[i]!]!;
  return out;
}

/** Class indices to one-hot rows, `labels.length × classes`, row-major (input_data's `dense_to_one_hot`). */
export function oneHot(labels: ArrayLike<number>, classes: number = MNIST_CLASSES): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`label ${label} at index ${row} is not a class index in [0, ${classes})`);
    }
    out[row * classes + label] = 1;
  }
  return out;
}
