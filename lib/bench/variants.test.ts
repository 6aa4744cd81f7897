import { describe, expect, it } from 'vitest';
import { accelOptions, ROUTES } from '../accel';
import type { BenchCase } from './run';
import { compareVariants, cumulativeVariants, formatVariants, NEW_ROUTES, releaseVariants } from './variants';

/** A case whose steps only record which variant's copy ran them. */
function recordingCase(log: string[]): BenchCase {
  let copies = 0;
  return {
    chapter: 'fake',
    layers: [],
    batchSize: 1,
    setUp: () => {
      const copy = copies++;
      return { step: (i) => void log.push(`${copy}:${i}`), dispose: () => void log.push(`${copy} disposed`) };
    },
  };
}

describe('compareVariants', () => {
  it('should warm each variant up on its own copy, then let them take turns, and clean up', () => {
    const log: string[] = [];
    const set: string[] = [];
    let clock = 0;
    const timings = compareVariants(
      recordingCase(log),
      [
        { name: 'a', setup: () => set.push('a') },
        { name: 'b', setup: () => set.push('b') },
      ],
      { rounds: 2, stepsPerRound: 1, warmup: 1, now: () => (clock += 1), cpuNow: () => 0 },
    );
    expect(log).toEqual(['0:0', '1:0', '0:1', '1:1', '0:2', '1:2', '0 disposed', '1 disposed']);
    expect(set).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'b']);
    expect(timings.map((t) => [t.name, t.steps, t.wallMs])).toEqual([
      ['a', 2, 1],
      ['b', 2, 1],
    ]);
  });

  it('should print each variant with its ratio to the first', () => {
    const lines = formatVariants('ch9', [
      { name: 'slow', wallMs: 30, cpuMs: 60, fastestMs: 25, steps: 4 },
      { name: 'fast', wallMs: 20, cpuMs: 40, fastestMs: 10, steps: 4 },
    ]);
    expect(lines[1]).toMatch(/^ch9 fast\s+wall\s+20\.0 ms \(×1\.50\)/);
    expect(lines[1]).toMatch(/\s+fastest\s+10\.0 ms \(×2\.50\)\s+cpu\s+40\.0 ms \(×1\.50\)\s+\[4 steps\]$/);
  });
});

describe('the variant lists', () => {
  it('should turn off exactly the new routes before, and leave every route on after', () => {
    const [before, after] = releaseVariants();
    before!.setup();
    expect(ROUTES.filter((r) => !accelOptions.routes[r]).sort()).toEqual([...NEW_ROUTES].sort());
    after!.setup();
    expect(ROUTES.every((r) => accelOptions.routes[r])).toBe(true);
  });

  it('should add one route per cumulative variant and end with every switch on', () => {
    const variants = cumulativeVariants();
    expect(variants).toHaveLength(ROUTES.length + 2);
    variants.at(-1)!.setup();
    expect(ROUTES.every((r) => accelOptions.routes[r])).toBe(true);
    expect(accelOptions.fusedMultiplyAdd).toBe(true);
  });
});
