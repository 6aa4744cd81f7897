/**
 * Runs the SIMD kernels of ../simd on several cores at once.
 *
 * The hand-written kernels (../simd/gemm, ../simd/filter-tile, …) are single functions called many
 * times from JavaScript (once per image and filter tap, say) on the wasm backend's memory. With
 * the threaded build (./threads) that memory is a shared `WebAssembly.Memory`, so worker threads
 * can instantiate the same kernels on it and run some of the calls: the caller cuts its calls into
 * chunks that write disjoint outputs, and the main thread and the workers take chunks one at a
 * time until none is left; `run` returns when every chunk is done. Which thread runs a chunk does
 * not matter (each output element is still summed by one call sequence in the order the chunk
 * gives), so results do not depend on the number of threads: the same bits on one core or on
 * eight. Taking chunks as they come, rather than one fixed share per thread, keeps a thread that
 * the operating system puts aside for a moment (a busy machine) from holding up the others.
 *
 * Calls travel through a SharedArrayBuffer (no messages, no copies): each worker waits on the
 * control words with `Atomics.wait`, so an idle pool costs no CPU, and waking it costs tens of
 * microseconds against kernels of milliseconds.
 */
import { Worker } from 'node:worker_threads';

/** Arguments per call, after the kernel's index; kernels take up to this many i32 parameters. */
export const MAX_ARGS = 12;
const RECORD = 1 + MAX_ARGS;
/**
 * Control words: the job number; the claim word (the job number's low 16 bits, then the next
 * chunk's index, so that a worker still on an old job never claims a chunk of a new one); chunks
 * finished; chunk count; a failure flag; then the chunk table (first call of each chunk, and one
 * past the last) and the call records.
 */
const [JOB, CLAIM, FINISHED, CHUNKS, FAILED, HEADER] = [0, 1, 2, 3, 4, 5];
/** Chunks per round, and calls per round; a larger run goes in several rounds. */
const MAX_CHUNKS = 1024;
const CAPACITY = 65536;
const CALLS = HEADER + MAX_CHUNKS + 1;
/** A chunk that has not finished in this long is taken to be stuck. */
const ROUND_TIMEOUT_MS = 120_000;

/** A list of kernel calls, stored flat: kernel index, then its arguments. */
export class CallList {
  private data = new Int32Array(RECORD * 64);
  length = 0;

  /** Empties the list, keeping its memory for the next calls. */
  clear(): void {
    this.length = 0;
  }

  /**
   * Appends a call of kernel `kernel` with up to MAX_ARGS i32 arguments (missing ones are 0). The
   * parameters are spelled out: a rest array and a copy per call cost ~5 ms of a chapter 5 step.
   */
  push(
    kernel: number,
    a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0,
    a10 = 0,
    a11 = 0,
  ): void {
    // biome-ignore lint/complexity/noArguments: the count of the arguments actually passed
    const passed = arguments.length - 1;
    if (passed > MAX_ARGS) throw new Error(`a pool kernel takes at most ${MAX_ARGS} arguments, got ${passed}`);
    if ((this.length + 1) * RECORD > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    const at = this.length * RECORD;
    d[at] = kernel;
    d[at + 1] = a0;
    d[at + 2] = a1;
    d[at + 3] = a2;
    d[at + 4] = a3;
    d[at + 5] = a4;
    d[at + 6] = a5;
    d[at + 7] = a6;
    d[at + 8] = a7;
    d[at + 9] = a8;
    d[at + 10] = a9;
    d[at + 11] = a10;
    d[at + 12] = a11;
    this.length++;
  }

  /** Records from..to (exclusive) as one flat array. */
  slice(from: number, to: number): Int32Array {
    return this.data.subarray(from * RECORD, to * RECORD);
  }
}

type Kernel = (...args: number[]) => void;

/** Where chunk i's first call index is kept (chunk i + 1's is one past its last). */
const CHUNK_TABLE = HEADER;
const claimWord = (job: number, index: number) => ((job & 0xffff) << 16) | index;

/**
 * The worker's whole program: instantiate the kernels, then for each new job take chunks until
 * none is left (claiming the next index with a compare-exchange on the claim word, only while it
 * still names this job), counting each finished chunk; a trap sets the failure flag.
 */
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
  for (;;) {
    const word = Atomics.load(ctl, ${CLAIM});
    const index = word & 0xffff;
    if (word >>> 16 !== (job & 0xffff) || index >= ctl[${CHUNKS}]) break;
    if (Atomics.compareExchange(ctl, ${CLAIM}, word, word + 1) !== word) continue;
    try {
      const end = ${CALLS} + ctl[${CHUNK_TABLE} + index + 1] * ${RECORD};
      for (let at = ${CALLS} + ctl[${CHUNK_TABLE} + index] * ${RECORD}; at < end; at += ${RECORD}) {
        kernels[ctl[at]](ctl[at + 1], ctl[at + 2], ctl[at + 3], ctl[at + 4], ctl[at + 5], ctl[at + 6],
          ctl[at + 7], ctl[at + 8], ctl[at + 9], ctl[at + 10], ctl[at + 11], ctl[at + 12]);
      }
    } catch (error) {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    Atomics.add(ctl, ${FINISHED}, 1);
    Atomics.notify(ctl, ${FINISHED});
  }
}
`;

/** The kernels bound to one memory, on the main thread and on `threads − 1` workers. */
export class SimdPool {
  /** Threads that take chunks: the main thread and the workers (1 without shared memory). */
  readonly threads: number;
  private readonly kernels: Kernel[];
  private readonly workers: Worker[];
  private readonly control: Int32Array;
  private job = 0;

  /** `modules` import `env.memory` and export `update(i32…)`; compiled for `memory` (./kernel-table). */
  constructor(memory: WebAssembly.Memory, modules: readonly WebAssembly.Module[], workers: number) {
    const shared = isShared(memory);
    this.kernels = modules.map((m) => new WebAssembly.Instance(m, { env: { memory } }).exports.update as Kernel);
    const buffer = new SharedArrayBuffer(4 * (CALLS + CAPACITY * RECORD));
    this.control = new Int32Array(buffer);
    const count = shared ? Math.max(0, Math.floor(workers)) : 0;
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, modules, control: buffer } });
      // The pool never keeps a process alive: it only works while the main thread waits for it.
      worker.unref();
      return worker;
    });
    this.threads = 1 + this.workers.length;
  }

  /**
   * Runs every chunk once, on whichever thread takes it, and returns when all are done. Chunks
   * must not write where another chunk reads or writes. `onWorkers` false runs them all here, in
   * order (for benchmarks and the same-bits tests). A trap on the main thread is thrown after the
   * chunks the workers took are done; one on a worker is reported as such.
   */
  run(chunks: readonly CallList[], onWorkers = true): void {
    if (!onWorkers || this.workers.length === 0) {
      for (const chunk of chunks) this.runHere(chunk.slice(0, chunk.length));
      return;
    }
    for (let first = 0; first < chunks.length; ) {
      // A round: as many chunks as fit in the table and the call records.
      let last = first;
      let calls = 0;
      while (last < chunks.length && last - first < MAX_CHUNKS && calls + chunks[last]!.length <= CAPACITY)
        calls += chunks[last++]!.length;
      if (last === first) throw new Error(`a pool chunk holds at most ${CAPACITY} calls, got ${chunks[first]!.length}`);
      this.round(chunks.slice(first, last));
      first = last;
    }
  }

  private round(chunks: readonly CallList[]): void {
    const ctl = this.control;
    const job = ++this.job;
    // First close the claim word to every older job, then write the round, then open it.
    Atomics.store(ctl, CLAIM, claimWord(job, 0xffff));
    let at = 0;
    chunks.forEach((chunk, i) => {
      ctl[CHUNK_TABLE + i] = at;
      ctl.set(chunk.slice(0, chunk.length), CALLS + at * RECORD);
      at += chunk.length;
    });
    ctl[CHUNK_TABLE + chunks.length] = at;
    ctl[CHUNKS] = chunks.length;
    ctl[FINISHED] = 0;
    ctl[FAILED] = 0;
    Atomics.store(ctl, CLAIM, claimWord(job, 0));
    Atomics.store(ctl, JOB, job);
    for (let i = 0; i < this.workers.length; i++) Atomics.notify(ctl, JOB, 1);
    try {
      for (;;) {
        const word = Atomics.load(ctl, CLAIM);
        const index = word & 0xffff;
        if (index >= chunks.length) break;
        if (Atomics.compareExchange(ctl, CLAIM, word, word + 1) !== word) continue;
        try {
          this.runHere(
            ctl.subarray(CALLS + ctl[CHUNK_TABLE + index]! * RECORD, CALLS + ctl[CHUNK_TABLE + index + 1]! * RECORD),
          );
        } finally {
          Atomics.add(ctl, FINISHED, 1);
        }
      }
    } catch (error) {
      // No chunk may start after this one failed; the ones the workers took finish first.
      const claimed = Atomics.exchange(ctl, CLAIM, claimWord(job, chunks.length)) & 0xffff;
      this.waitFor(Math.min(claimed, chunks.length));
      throw error;
    }
    this.waitFor(chunks.length);
    if (ctl[FAILED] !== 0)
      throw new Error('a wasm SIMD kernel failed on a worker thread (a call read or wrote outside the memory)');
  }

  /** Waits until `count` chunks of this round are finished. */
  private waitFor(count: number): void {
    const deadline = performance.now() + ROUND_TIMEOUT_MS;
    for (;;) {
      const finished = Atomics.load(this.control, FINISHED);
      if (finished >= count) return;
      if (performance.now() > deadline)
        throw new Error(`the wasm SIMD workers did not finish their calls within ${ROUND_TIMEOUT_MS / 1000} s`);
      Atomics.wait(this.control, FINISHED, finished, 1000);
    }
  }

  private runHere(flat: Int32Array): void {
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
    Atomics.store(this.control, JOB, -1);
    Atomics.notify(this.control, JOB);
  }
}

/**
 * Splits `count` items into `parts` contiguous ranges of about equal size; returns the parts + 1
 * boundaries (first 0, last count). Items keep their order.
 */
export function splitEvenly(count: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, p) => Math.round((count * p) / parts));
}

/** Whether `memory` is shared, so that worker threads can run kernels on it. */
export function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}
