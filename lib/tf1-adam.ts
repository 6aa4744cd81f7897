/**
 * Adam exactly as TensorFlow 1.x's `tf.train.AdamOptimizer` computes it, in float32, so the book's
 * printed trajectories can be reproduced. Introduced by the chapter 1 kata (training loop).
 *
 * Why not `tf.train.adam`? TensorFlow.js adds ε to the bias-corrected √v̂ (and defaults ε to the
 * backend's 1e-7), while TF 1.x folds the bias correction into the step size:
 *   α_t = lr·√(1−β2^t)/(1−β1^t);  m += (g−m)(1−β1);  v += (g²−v)(1−β2);  w −= m·α_t/(√v + ε)
 * with ε = 1e-8 and β^t kept as float32 running products. Early steps differ measurably.
 */
import * as tf from '@tensorflow/tfjs';
import { hasTf1AdamUpdate, registerTf1AdamUpdate, tf1AdamUpdate } from './accel';

registerTf1AdamUpdate();

export interface Tf1AdamConfig {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * Update each variable with the one-kernel `Tf1AdamUpdate` where the backend has it (cpu, wasm),
   * else with tf ops; both give bit-identical results. Default true; false forces the ops.
   */
  fused?: boolean;
}

/** TF 1.x's defaults for `AdamOptimizer()`. */
export const TF1_ADAM_DEFAULTS = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

const f32 = Math.fround;

interface Slots {
  m: tf.Variable;
  v: tf.Variable;
}

export class Tf1Adam extends tf.Optimizer {
  static readonly className = 'Tf1Adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly fused: boolean;
  private beta1Power: number;
  private beta2Power: number;
  private readonly slots = new Map<string, Slots>();

  constructor(config: Tf1AdamConfig = {}) {
    super();
    const c = { ...TF1_ADAM_DEFAULTS, ...config };
    this.learningRate = c.learningRate;
    this.beta1 = c.beta1;
    this.beta2 = c.beta2;
    this.epsilon = c.epsilon;
    this.fused = config.fused ?? true;
    this.beta1Power = f32(this.beta1);
    this.beta2Power = f32(this.beta2);
  }

  /** α_t for the coming step, computed in float32 as TF's ApplyAdam kernel does. */
  stepSize(): number {
    return f32(f32(f32(this.learningRate) * f32(Math.sqrt(f32(1 - this.beta2Power)))) / f32(1 - this.beta1Power));
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    const alpha = this.stepSize();
    const oneMinusBeta1 = f32(1 - f32(this.beta1));
    const oneMinusBeta2 = f32(1 - f32(this.beta2));
    const fused = this.fused && hasTf1AdamUpdate();
    tf.tidy(() => {
      const scalars = fused
        ? null
        : {
            c1: tf.scalar(oneMinusBeta1),
            c2: tf.scalar(oneMinusBeta2),
            alphaT: tf.scalar(alpha),
            eps: tf.scalar(this.epsilon),
          };
      for (const [name, grad] of entries) {
        const variable = tf.engine().registeredVariables[name];
        if (!variable || !grad) continue;
        const { m, v } = this.slotsFor(variable);
        if (scalars === null && variable.dtype === 'float32' && grad.dtype === 'float32') {
          // One pass over memory instead of 14; the same float32 arithmetic (./accel/kernels/Tf1AdamUpdate).
          const [newW, newM, newV] = tf1AdamUpdate(variable, grad, m, v, {
            alpha,
            oneMinusBeta1,
            oneMinusBeta2,
            epsilon: this.epsilon,
          });
          m.assign(newM!);
          v.assign(newV!);
          variable.assign(newW!);
          continue;
        }
        const { c1, c2, alphaT, eps } = scalars ?? {
          c1: tf.scalar(oneMinusBeta1),
          c2: tf.scalar(oneMinusBeta2),
          alphaT: tf.scalar(alpha),
          eps: tf.scalar(this.epsilon),
        };
        const newM = m.add(grad.sub(m).mul(c1));
        const newV = v.add(grad.square().sub(v).mul(c2));
        m.assign(newM);
        v.assign(newV);
        variable.assign(variable.sub(newM.mul(alphaT).div(newV.sqrt().add(eps))));
      }
    });
    this.beta1Power = f32(this.beta1Power * f32(this.beta1));
    this.beta2Power = f32(this.beta2Power * f32(this.beta2));
    this.incrementIterations();
  }

  private slotsFor(variable: tf.Variable): Slots {
    let slots = this.slots.get(variable.name);
    if (!slots) {
      slots = tf.tidy(() => ({
        m: tf.variable(tf.zerosLike(variable), false),
        v: tf.variable(tf.zerosLike(variable), false),
      }));
      this.slots.set(variable.name, slots);
    }
    return slots;
  }

  override dispose(): void {
    for (const { m, v } of this.slots.values()) {
      m.dispose();
      v.dispose();
    }
    this.slots.clear();
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
