/**
 * Floating-point operations of a training step, counted analytically, so that a measured time per
 * step becomes GFLOP/s comparable across backends and machines (`npm run bench`).
 *
 * Only the multiply-adds of convolutions and matrix products are counted (2 FLOPs each): they are
 * nearly all of the work. Bias adds, ReLU, pooling, softmax and Adam's update are left out.
 */

/** A stride-1 SAME convolution over a square `side`×`side` input: the output has the same side. */
export interface ConvLayer {
  kind: 'conv';
  side: number;
  kernel: number;
  inChannels: number;
  outChannels: number;
}

export interface DenseLayer {
  kind: 'dense';
  inputs: number;
  outputs: number;
}

export type Layer = ConvLayer | DenseLayer;

/** Multiply-adds of one forward pass of the layer for one example. */
export function multiplyAdds(layer: Layer): number {
  return layer.kind === 'conv'
    ? layer.side * layer.side * layer.kernel * layer.kernel * layer.inChannels * layer.outChannels
    : layer.inputs * layer.outputs;
}

/** FLOPs of a forward pass over `batch` examples. */
export function forwardFlops(layers: readonly Layer[], batch: number): number {
  return 2 * batch * layers.reduce((sum, layer) => sum + multiplyAdds(layer), 0);
}

/**
 * FLOPs of forward + backward over `batch` examples. Backward costs each layer one product for its
 * weights' gradient and one for its input's gradient, except the first layer: the images need no
 * gradient, and TensorFlow.js computes none for them.
 */
export function trainingStepFlops(layers: readonly Layer[], batch: number): number {
  return 2 * batch * layers.reduce((sum, layer, i) => sum + multiplyAdds(layer) * (i === 0 ? 2 : 3), 0);
}

export interface CnnShape {
  /** Input side (MNIST: 28) and channels (1). */
  side: number;
  channels: number;
  kernel: number;
  /** Filters of each conv block; every block ends in 2×2 max pooling (stride 2, SAME). */
  convFilters: readonly number[];
  /** Dense layer widths after the flattened last block, output layer last. */
  dense: readonly number[];
}

/** The layers of a conv-pool-…-dense network such as the book's chapters 4 and 5. */
export function cnnLayers(shape: CnnShape): Layer[] {
  const layers: Layer[] = [];
  let side = shape.side;
  let channels = shape.channels;
  for (const filters of shape.convFilters) {
    layers.push({ kind: 'conv', side, kernel: shape.kernel, inChannels: channels, outChannels: filters });
    side = Math.ceil(side / 2);
    channels = filters;
  }
  let inputs = side * side * channels;
  for (const outputs of shape.dense) {
    layers.push({ kind: 'dense', inputs, outputs });
    inputs = outputs;
  }
  return layers;
}
