/**
 * numpy's legacy random numbers (`np.random.seed`, `RandomState`), reproduced bit for bit, so the
 * book's datasets come out exactly as printed. Introduced by the chapter 2 kata (data generation).
 *
 * The generator is MT19937 with numpy's integer seeding; doubles are the 53-bit `random_sample`;
 * normals are the legacy polar method with its cached second value; `permutation`/`shuffle` are the
 * legacy Fisher–Yates with masked rejection sampling. Every call continues the same stream numpy
 * would, so interleaving calls in the book's order reproduces the book's draws.
 *
 * This file's path and exported names are a contract that outside checks call.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MAX_SEED = 2 ** 32 - 1;

/** A row of a covariance matrix or a mean: plain numbers, as a learner writes them. */
export type Vector = readonly number[];
export type Matrix = readonly Vector[];

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private cachedGauss: number | undefined;

  /** Same as `np.random.seed(seed)`: any integer in 0..2^32-1. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`seed must be an integer in 0..${MAX_SEED}, as numpy requires; got ${seed}`);
    }
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      // 1812433253 * prev mod 2^32, split so the product stays exact in doubles.
      this.mt[i] = ((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i;
    }
  }

  private regenerate(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[(k + 1) % N]! & LOWER_MASK);
      mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  /** One tempered 32-bit output, as `mt19937_next32`. */
  nextUint32(): number {
    if (this.index >= N) this.regenerate();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One double in [0, 1) with 53 random bits, as `random_sample()`. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** One standard normal by the legacy polar method; every second call returns the cached value. */
  nextGauss(): number {
    if (this.cachedGauss !== undefined) {
      const cached = this.cachedGauss;
      this.cachedGauss = undefined;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.cachedGauss = f * x1;
    return f * x2;
  }

  /** A uniform integer in [0, max], by numpy's masked rejection (`random_interval`). */
  nextInterval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new RangeError('intervals above 2^32-1 are not needed by the book');
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** `np.random.random_sample(n)`. */
  randomSample(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextDouble();
    return out;
  }

  /** `np.random.standard_normal(n)`. */
  standardNormal(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextGauss();
    return out;
  }

  /**
   * `np.random.multivariate_normal(mean, cov, n)`: n rows of length d.
   *
   * numpy draws an (n, d) block of standard normals row by row and multiplies it by √s·vh from
   * `svd(cov)`. For the diagonal covariances the book uses, vh is the permutation that sorts the
   * variances in descending order, so each draw lands in the same place, with the same sign, as in
   * numpy. A non-diagonal covariance uses an eigendecomposition: correctly distributed, but its
   * signs need not match LAPACK's, so its draws are not numpy's.
   */
  multivariateNormal(mean: Vector, cov: Matrix, n: number): number[][] {
    const d = mean.length;
    if (cov.length !== d || cov.some((row) => row.length !== d)) {
      throw new RangeError(`cov must be ${d}×${d} to match mean`);
    }
    const transform = sqrtSvdFactor(cov);
    const rows: number[][] = [];
    for (let r = 0; r < n; r++) {
      const z = Array.from({ length: d }, () => this.nextGauss());
      const row = new Array<number>(d).fill(0);
      for (let j = 0; j < d; j++) {
        let sum = 0;
        for (let i = 0; i < d; i++) sum += z[i]! * transform[i]![j]!;
        row[j] = sum + mean[j]!;
      }
      rows.push(row);
    }
    return rows;
  }

  /** Shuffles in place, as numpy's legacy `shuffle` on a 1-d array. */
  shuffle<T>(items: { length: number; [index: number]: T }): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInterval(i);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
  }

  /** `np.random.permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): number[] {
    const perm = Array.from({ length: n }, (_, i) => i);
    this.shuffle(perm);
    return perm;
  }
}

/** √s·vh for a symmetric positive semi-definite matrix, with numpy's ordering (largest s first). */
function sqrtSvdFactor(cov: Matrix): number[][] {
  const { values, vectors } = symmetricEigen(cov);
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  return order.map((k) => {
    const scale = Math.sqrt(Math.max(values[k]!, 0));
    return vectors.map((row) => scale * row[k]!);
  });
}

/** Cyclic Jacobi eigendecomposition; exact (no rotations at all) for diagonal input. */
function symmetricEigen(matrix: Matrix): { values: number[]; vectors: number[][] } {
  const d = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j): number => (i === j ? 1 : 0)));
  const MAX_SWEEPS = 64;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) offDiagonal += a[p]![q]! ** 2;
    if (offDiagonal === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        if (a[p]![q] === 0) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}
