/**
 * Runs the SIMD kernels of ../simd on several cores at once.
 *
 * The hand-written kernels (../simd/gemm, ../simd/filter-tile, …) are single functions called many
 * times from JavaScript (once per image and filter tap, say) on the wasm backend's memory. With
 * the threaded build (./threads) that memory is a shared `WebAssembly.Memory`, so worker threads
 * can instantiate the same kernels on it and run part of the calls: the caller cuts its list of
 * calls into parts that write disjoint outputs, the main thread runs the first part while each
 * worker runs one of the others, and `run` returns when all are done. Because each output element
 * is still summed by one thread in the order the list gives, results do not depend on the number
 * of threads: the same bits on one core or on eight.
 *
 * Calls travel through a SharedArrayBuffer (no messages, no copies): each worker waits on its
 * control words with `Atomics.wait`, so an idle pool costs no CPU, and waking it costs tens of
 * microseconds against kernels of milliseconds.
 */
import { Worker } from 'node:worker_threads';

/** Arguments per call, after the kernel's index; kernels take up to this many i32 parameters. */
export const MAX_ARGS = 12;
const RECORD = 1 + MAX_ARGS;
/** Control words before the call records: job number, finished job number, call count, error. */
const [JOB, DONE, COUNT, FAILED, HEADER] = [0, 1, 2, 3, 4];
/** Calls a worker takes per round; longer parts run in several rounds. */
const CAPACITY = 4096;
/** A worker that has not finished a round in this long is taken to be stuck. */
const ROUND_TIMEOUT_MS = 120_000;

/** A list of kernel calls, stored flat: kernel index, then its arguments. */
export class CallList {
  private data = new Int32Array(RECORD * 64);
  length = 0;

  /** Appends a call of kernel `kernel` with up to MAX_ARGS i32 arguments. */
  push(kernel: number, ...args: number[]): void {
    if (args.length > MAX_ARGS)
      throw new Error(`a pool kernel takes at most ${MAX_ARGS} arguments, got ${args.length}`);
    if ((this.length + 1) * RECORD > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.length * RECORD;
    this.data[at] = kernel;
    this.data.fill(0, at + 1, at + RECORD);
    this.data.set(args, at + 1);
    this.length++;
  }

  /** Records from..to (exclusive) as one flat array. */
  slice(from: number, to: number): Int32Array {
    return this.data.subarray(from * RECORD, to * RECORD);
  }
}

type Kernel = (...args: number[]) => void;

/** The worker's whole program: instantiate the kernels, then run rounds until told to stop. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, modules, control } = workerData;
const kernels = modules.map((m) => new WebAssembly.Instance(m, { env: { memory } }).exports.update);
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${JOB}, seen);
  const job = Atomics.load(ctl, ${JOB});
  if (job === seen) continue;
  if (job < 0) break;
  seen = job;
  let failed = 0;
  try {
    const count = ctl[${COUNT}];
    for (let i = 0, at = ${HEADER}; i < count; i++, at += ${RECORD}) {
      kernels[ctl[at]](ctl[at + 1], ctl[at + 2], ctl[at + 3], ctl[at + 4], ctl[at + 5], ctl[at + 6],
        ctl[at + 7], ctl[at + 8], ctl[at + 9], ctl[at + 10], ctl[at + 11], ctl[at + 12]);
    }
  } catch (error) {
    failed = 1;
  }
  Atomics.store(ctl, ${FAILED}, failed);
  Atomics.store(ctl, ${DONE}, job);
  Atomics.notify(ctl, ${DONE});
}
`;

interface PoolWorker {
  worker: Worker;
  control: Int32Array;
  job: number;
}

/** The kernels bound to one memory, on the main thread and on `parts − 1` workers. */
export class SimdPool {
  /** How many parts `run` runs at once (1 without shared memory). */
  readonly parts: number;
  private readonly kernels: Kernel[];
  private readonly workers: PoolWorker[];

  /** `modules` import `env.memory` and export `update(i32…)`; compiled for `memory` (./kernel-table). */
  constructor(memory: WebAssembly.Memory, modules: readonly WebAssembly.Module[], workers: number) {
    const shared = isShared(memory);
    this.kernels = modules.map((m) => new WebAssembly.Instance(m, { env: { memory } }).exports.update as Kernel);
    const count = shared ? Math.max(0, Math.floor(workers)) : 0;
    this.workers = Array.from({ length: count }, () => {
      const control = new SharedArrayBuffer(4 * (HEADER + CAPACITY * RECORD));
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, modules, control } });
      // The pool never keeps a process alive: it only works while the main thread waits for it.
      worker.unref();
      return { worker, control: new Int32Array(control), job: 0 };
    });
    this.parts = 1 + this.workers.length;
  }

  /**
   * Runs the parts at once, the first on this thread, and returns when every part is done. Parts
   * must not write where another part reads or writes. More parts than `this.parts` run in turns;
   * `onWorkers` false runs them all here, one after another (for benchmarks).
   */
  run(parts: readonly CallList[], onWorkers = true): void {
    if (!onWorkers || this.workers.length === 0) {
      for (const part of parts) this.runHere(part);
      return;
    }
    for (let first = 0; first < parts.length; first += this.parts) {
      const batch = parts.slice(first, first + this.parts);
      const rounds = Math.max(0, ...batch.slice(1).map((p) => Math.ceil(p.length / CAPACITY)));
      // Each worker runs its part in rounds of CAPACITY calls; the main thread runs its own part
      // during the first round.
      for (let round = 0; round < Math.max(1, rounds); round++) {
        const started = batch.slice(1).map((part, i) => this.post(this.workers[i]!, part, round));
        try {
          if (round === 0 && batch[0]) this.runHere(batch[0]);
        } finally {
          // Even when this thread's part fails, the workers finish theirs before the control
          // words may be written again.
          started.forEach((posted, i) => {
            if (posted) this.wait(this.workers[i]!);
          });
        }
      }
    }
  }

  private post(slot: PoolWorker, part: CallList, round: number): boolean {
    const from = round * CAPACITY;
    const to = Math.min(part.length, from + CAPACITY);
    if (to <= from) return false;
    slot.control.set(part.slice(from, to), HEADER);
    slot.control[COUNT] = to - from;
    slot.job++;
    Atomics.store(slot.control, JOB, slot.job);
    Atomics.notify(slot.control, JOB);
    return true;
  }

  private wait(slot: PoolWorker): void {
    const deadline = performance.now() + ROUND_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(slot.control, DONE);
      if (done === slot.job) break;
      if (performance.now() > deadline)
        throw new Error(`a wasm SIMD worker did not finish its calls within ${ROUND_TIMEOUT_MS / 1000} s`);
      Atomics.wait(slot.control, DONE, done, 1000);
    }
    if (slot.control[FAILED] !== 0)
      throw new Error('a wasm SIMD kernel failed on a worker thread (a call read or wrote outside the memory)');
  }

  private runHere(part: CallList): void {
    const flat = part.slice(0, part.length);
    for (let at = 0; at < flat.length; at += RECORD) {
      this.kernels[flat[at]!]!(
        flat[at + 1]!,
        flat[at + 2]!,
        flat[at + 3]!,
        flat[at + 4]!,
        flat[at + 5]!,
        flat[at + 6]!,
        flat[at + 7]!,
        flat[at + 8]!,
        flat[at + 9]!,
        flat[at + 10]!,
        flat[at + 11]!,
        flat[at + 12]!,
      );
    }
  }

  /** Stops the workers (they also stop with the process). */
  close(): void {
    for (const slot of this.workers) {
      Atomics.store(slot.control, JOB, -1);
      Atomics.notify(slot.control, JOB);
    }
  }
}

/**
 * Splits `count` items into `parts` contiguous ranges of about equal total cost; returns the
 * parts + 1 boundaries (first 0, last count). Items keep their order.
 */
export function splitByCost(count: number, parts: number, cost: (item: number) => number = () => 1): number[] {
  const prefix = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) prefix[i + 1] = prefix[i]! + Math.max(0, cost(i));
  const total = prefix[count]!;
  const bounds = [0];
  let at = 0;
  for (let p = 1; p < parts; p++) {
    const target = (total * p) / parts;
    while (at < count && prefix[at + 1]! <= target) at++;
    // Take the item that crosses the target into whichever side leaves the smaller imbalance.
    if (at < count && target - prefix[at]! > prefix[at + 1]! - target) at++;
    bounds.push(Math.max(bounds[bounds.length - 1]!, at));
  }
  bounds.push(count);
  return bounds;
}

/** Whether `memory` is shared, so that worker threads can run kernels on it. */
export function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}
