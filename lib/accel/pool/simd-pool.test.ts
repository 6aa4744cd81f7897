/**
 * The worker pool itself (./simd-pool), on a shared memory of its own with ../simd/column-sum's kernel:
 * work splitting, call lists, worker results and worker failures.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { columnSumBytes } from '../simd/column-sum';
import { CallList, MAX_ARGS, SimdPool, splitEvenly } from './simd-pool';

/** 64 KiB pages: 2 MiB is room for the sums below; the module's import allows up to 4 GiB. */
const PAGES = 32;
const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES, shared: true });
const pools: SimdPool[] = [];
afterAll(() => pools.forEach((p) => p.close()));

function pool(workers: number): SimdPool {
  const made = new SimdPool(memory, [new WebAssembly.Module(columnSumBytes(true))], workers);
  pools.push(made);
  return made;
}

/** Column sums of a rows × columns matrix at byte 0, computed by `chunks` column ranges; float64 sums. */
function columnSums(on: SimdPool, data: Float32Array, rows: number, columns: number, chunks: number): Float64Array {
  new Float32Array(memory.buffer, 0, data.length).set(data);
  const accAt = Math.ceil((data.length * 4) / 8) * 8;
  new Float64Array(memory.buffer, accAt, columns).fill(0);
  const groups = columns / 4;
  const bounds = splitEvenly(groups, chunks);
  const lists = Array.from({ length: chunks }, (_, p) => {
    const list = new CallList();
    if (bounds[p + 1]! > bounds[p]!)
      list.push(0, 16 * bounds[p]!, accAt + 32 * bounds[p]!, rows, bounds[p + 1]! - bounds[p]!, columns * 4);
    return list;
  });
  on.run(lists);
  return new Float64Array(memory.buffer, accAt, columns).slice();
}

describe('splitEvenly', () => {
  it('should cut the items into ordered, covering ranges, one per part', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 64 }), (count, parts) => {
        const bounds = splitEvenly(count, parts);
        expect(bounds.length).toBe(parts + 1);
        expect(bounds[0]).toBe(0);
        expect(bounds[parts]).toBe(count);
        for (let p = 0; p < parts; p++) expect(bounds[p + 1]!).toBeGreaterThanOrEqual(bounds[p]!);
      }),
    );
  });

  it('should give every part its share, give or take one item', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 64 }), (count, parts) => {
        const bounds = splitEvenly(count, parts);
        for (let p = 0; p < parts; p++)
          expect(Math.abs(bounds[p + 1]! - bounds[p]! - count / parts)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('CallList', () => {
  it('should keep every call, zero-padded to the full argument count, as it grows', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer(), { maxLength: MAX_ARGS }), { maxLength: 300 }), (calls) => {
        const list = new CallList();
        calls.forEach((args, i) => list.push(i % 7, ...args));
        expect(list.length).toBe(calls.length);
        const flat = list.slice(0, list.length);
        calls.forEach((args, i) => {
          const record = Array.from(flat.subarray(i * (MAX_ARGS + 1), (i + 1) * (MAX_ARGS + 1)));
          expect(record).toEqual([i % 7, ...args, ...Array(MAX_ARGS - args.length).fill(0)].map((v) => v | 0));
        });
      }),
    );
  });

  it('should refuse a call with more arguments than a kernel takes', () => {
    expect(() => new CallList().push(0, ...Array(MAX_ARGS + 1).fill(1))).toThrow(/at most 12 arguments/);
  });
});

describe('SimdPool', () => {
  const rows = 37;
  const columns = 24;
  const data = Float32Array.from({ length: rows * columns }, (_, i) => Math.sin(i) * 1000);
  const expected = new Float64Array(columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) expected[c]! += data[r * columns + c]!;

  it('should have one thread per worker plus the main thread', () => {
    expect(pool(0).threads).toBe(1);
    expect(pool(2).threads).toBe(3);
  });

  it('should compute on its workers exactly what one thread computes, for any number of chunks', () => {
    const one = pool(0);
    const three = pool(2);
    for (const chunks of [1, 2, 3, 5, 6]) {
      expect(Array.from(columnSums(three, data, rows, columns, chunks))).toEqual(Array.from(expected));
      expect(Array.from(columnSums(one, data, rows, columns, chunks))).toEqual(Array.from(expected));
    }
  });

  it('should give every run its own chunks, run after run, whichever thread takes them', () => {
    const three = pool(2);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), (chunks) => {
        expect(Array.from(columnSums(three, data, rows, columns, chunks))).toEqual(Array.from(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('should run more chunks or calls than one round holds in several rounds', () => {
    const two = pool(1);
    const accAt = 4096;
    new Float64Array(memory.buffer, accAt, 4).fill(0);
    new Float32Array(memory.buffer, 0, 4).set([1, 2, 3, 4]);
    // 2000 chunks of 40 calls: past a round's 1024 chunks and 65536 calls. The chunks all add to
    // the same sums, so only one thread may run them: the main thread alone.
    const lists = Array.from({ length: 2000 }, () => {
      const list = new CallList();
      for (let i = 0; i < 40; i++) list.push(0, 0, accAt, 1, 1, 16);
      return list;
    });
    two.run(lists, false);
    expect(Array.from(new Float64Array(memory.buffer, accAt, 4))).toEqual([1, 2, 3, 4].map((v) => v * 80_000));
    // Disjoint sums, one per chunk, across rounds on the threads.
    const sums = 1500;
    const accs = new Float64Array(memory.buffer, accAt, 4 * sums).fill(0);
    const many = Array.from({ length: sums }, (_, c) => {
      const list = new CallList();
      for (let i = 0; i < 50; i++) list.push(0, 0, accAt + 32 * c, 1, 1, 16);
      return list;
    });
    two.run(many);
    for (let c = 0; c < sums; c++) expect(Array.from(accs.subarray(4 * c, 4 * c + 4))).toEqual([50, 100, 150, 200]);
  });

  it('should raise an error when a kernel fails on any thread, and still work afterwards', () => {
    const two = pool(1);
    const outside = memory.buffer.byteLength;
    const lists = [new CallList(), new CallList()];
    // A long first chunk keeps the main thread busy, so a worker usually takes the failing one.
    for (let i = 0; i < 2000; i++) lists[0]!.push(0, 0, 4096, 1, 1, 16);
    lists[1]!.push(0, outside, 0, 1, 1, 16);
    expect(() => two.run(lists)).toThrow(/failed on a worker thread|out of bounds/);
    expect(Array.from(columnSums(two, data, rows, columns, 2))).toEqual(Array.from(expected));
  });

  it('should let its workers finish before raising a trap on the main thread, and still work afterwards', () => {
    const two = pool(1);
    const lists = [new CallList(), new CallList()];
    lists[0]!.push(0, memory.buffer.byteLength, 0, 1, 1, 16);
    for (let i = 0; i < 2000; i++) lists[1]!.push(0, 0, 4096, 1, 1, 16);
    expect(() => two.run(lists)).toThrow(WebAssembly.RuntimeError);
    expect(Array.from(columnSums(two, data, rows, columns, 2))).toEqual(Array.from(expected));
  });

  it('should raise the trap of a kernel that fails on the main thread', () => {
    const list = new CallList();
    list.push(0, memory.buffer.byteLength, 0, 1, 1, 16);
    expect(() => pool(0).run([list])).toThrow(WebAssembly.RuntimeError);
  });
});
