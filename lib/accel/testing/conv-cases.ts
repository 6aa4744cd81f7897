/**
 * Random convolution geometries for the kernel properties: batch, sides, channels, filter, stride,
 * padding (SAME, VALID or explicit) and the sign pattern of the input, with seeded values.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { type Input, type Sign, values } from './wasm-vs-cpu';

/** Explicit paddings up to 3 on each side reach past a 4×4 filter's reach. */
const MAX_EXPLICIT_PAD = 3;

export type Pad = 'same' | 'valid' | [number, number, number, number];

export const padding: fc.Arbitrary<Pad> = fc.oneof(
  fc.constantFrom<'same' | 'valid'>('same', 'valid'),
  fc.tuple(fc.nat(MAX_EXPLICIT_PAD), fc.nat(MAX_EXPLICIT_PAD), fc.nat(MAX_EXPLICIT_PAD), fc.nat(MAX_EXPLICIT_PAD)),
);

/** The padding as tf.conv2d takes it. */
export function tfPad(pad: Pad): 'same' | 'valid' | tf.backend_util.ExplicitPadding {
  return typeof pad === 'string'
    ? pad
    : [
        [0, 0],
        [pad[0], pad[1]],
        [pad[2], pad[3]],
        [0, 0],
      ];
}

/** Output side of a window sweep. */
export function outSide(side: number, filter: number, stride: number, before: number, after: number, pad: Pad) {
  if (pad === 'same') return Math.ceil(side / stride);
  if (pad === 'valid') return Math.ceil((side - filter + 1) / stride);
  return Math.floor((side + before + after - filter) / stride + 1);
}

export interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  stride: number;
  pad: Pad;
  sign: Sign;
  seed: number;
}

export interface ConvRanges {
  maxBatch?: number;
  maxSide: number;
  inChannels: fc.Arbitrary<number>;
  outChannels: fc.Arbitrary<number>;
  maxFilter: number;
  maxStride: number;
  signs?: Sign[];
}

export const convCase = (r: ConvRanges): fc.Arbitrary<ConvCase> =>
  fc.record({
    batch: fc.integer({ min: 1, max: r.maxBatch ?? 3 }),
    height: fc.integer({ min: 1, max: r.maxSide }),
    width: fc.integer({ min: 1, max: r.maxSide }),
    inChannels: r.inChannels,
    outChannels: r.outChannels,
    filterHeight: fc.integer({ min: 1, max: r.maxFilter }),
    filterWidth: fc.integer({ min: 1, max: r.maxFilter }),
    stride: fc.integer({ min: 1, max: r.maxStride }),
    pad: padding,
    sign: fc.constantFrom<Sign>(...(r.signs ?? ['mixed', 'negative'])),
    seed: fc.nat(1_000_000),
  });

/** Whether the case has at least one output pixel (the properties keep only those). */
export function hasOutput(c: ConvCase): boolean {
  const [t, b, l, r] = Array.isArray(c.pad) ? c.pad : [0, 0, 0, 0];
  return (
    outSide(c.height, c.filterHeight, c.stride, t, b, c.pad) >= 1 &&
    outSide(c.width, c.filterWidth, c.stride, l, r, c.pad) >= 1
  );
}

const sizeOf = (shape: number[]) => shape.reduce((p, q) => p * q, 1);

/** The image (of the case's sign pattern) and the filter (mixed signs). */
export function convInputs(c: ConvCase): [Input, Input] {
  const xShape = [c.batch, c.height, c.width, c.inChannels];
  const wShape = [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels];
  return [
    { shape: xShape, data: values(sizeOf(xShape), c.seed, c.sign) },
    { shape: wShape, data: values(sizeOf(wShape), c.seed + 1, 'mixed') },
  ];
}

/** tf.conv2d of the case, on tensors x [N,H,W,CI] and w [KH,KW,CI,CO]. */
export const convOf = (c: ConvCase, x: tf.Tensor, w: tf.Tensor): tf.Tensor4D =>
  tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, tfPad(c.pad));
