/**
 * The worker pool itself (./simd-pool), on a shared memory of its own with ../simd/column-sum's kernel:
 * work splitting, call lists, worker results and worker failures.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { columnSumBytes } from '../simd/column-sum';
import { CallList, MAX_ARGS, SimdPool, splitByCost } from './simd-pool';

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

/** Column sums of a rows × columns matrix at byte 0, computed by `parts` column ranges; float64 sums. */
function columnSums(on: SimdPool, data: Float32Array, rows: number, columns: number, parts: number): Float64Array {
  new Float32Array(memory.buffer, 0, data.length).set(data);
  const accAt = Math.ceil((data.length * 4) / 8) * 8;
  new Float64Array(memory.buffer, accAt, columns).fill(0);
  const groups = columns / 4;
  const bounds = splitByCost(groups, parts);
  const lists = Array.from({ length: parts }, (_, p) => {
    const list = new CallList();
    if (bounds[p + 1]! > bounds[p]!)
      list.push(0, 16 * bounds[p]!, accAt + 32 * bounds[p]!, rows, bounds[p + 1]! - bounds[p]!, columns * 4);
    return list;
  });
  on.run(lists);
  return new Float64Array(memory.buffer, accAt, columns).slice();
}

describe('splitByCost', () => {
  it('should cut the items into ordered, covering ranges, one per part', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100)), fc.integer({ min: 1, max: 9 }), (costs, parts) => {
        const bounds = splitByCost(costs.length, parts, (i) => costs[i]!);
        expect(bounds.length).toBe(parts + 1);
        expect(bounds[0]).toBe(0);
        expect(bounds[parts]).toBe(costs.length);
        for (let p = 0; p < parts; p++) expect(bounds[p + 1]!).toBeGreaterThanOrEqual(bounds[p]!);
      }),
    );
  });

  it('should give no part more than its share plus one item', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100), { minLength: 1 }), fc.integer({ min: 1, max: 9 }), (costs, parts) => {
        const bounds = splitByCost(costs.length, parts, (i) => costs[i]!);
        const total = costs.reduce((a, b) => a + b, 0);
        const largest = Math.max(...costs);
        for (let p = 0; p < parts; p++) {
          const share = costs.slice(bounds[p], bounds[p + 1]).reduce((a, b) => a + b, 0);
          expect(share).toBeLessThanOrEqual(total / parts + largest);
        }
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

  it('should have one part per worker plus the main thread', () => {
    expect(pool(0).parts).toBe(1);
    expect(pool(2).parts).toBe(3);
  });

  it('should compute on its workers exactly what one thread computes, for any number of parts', () => {
    const one = pool(0);
    const three = pool(2);
    for (const parts of [1, 2, 3, 5]) {
      expect(Array.from(columnSums(three, data, rows, columns, parts))).toEqual(Array.from(expected));
      expect(Array.from(columnSums(one, data, rows, columns, parts))).toEqual(Array.from(expected));
    }
  });

  it('should run parts longer than a worker round in several rounds', () => {
    const two = pool(1);
    const accAt = 4096;
    new Float64Array(memory.buffer, accAt, 4).fill(0);
    new Float32Array(memory.buffer, 0, 4).set([1, 2, 3, 4]);
    const calls = 10_000;
    const lists = [new CallList(), new CallList()];
    // Part 0 sums nothing; part 1 adds the same row 10000 times, past the 4096-call round.
    for (let i = 0; i < calls; i++) lists[1]!.push(0, 0, accAt, 1, 1, 16);
    two.run(lists);
    expect(Array.from(new Float64Array(memory.buffer, accAt, 4))).toEqual([1, 2, 3, 4].map((v) => v * calls));
  });

  it('should say so when a kernel fails on a worker', () => {
    const two = pool(1);
    const outside = memory.buffer.byteLength;
    const lists = [new CallList(), new CallList()];
    lists[1]!.push(0, outside, 0, 1, 1, 16);
    expect(() => two.run(lists)).toThrow(/failed on a worker thread/);
    // The pool still works afterwards.
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
