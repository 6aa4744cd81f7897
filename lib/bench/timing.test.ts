import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gflopsPerSecond, median, timeSteps } from './timing';

/** A fake clock that advances by the given durations, one per measured call. */
function fakeClock(durations: number[]) {
  let t = 0;
  let reads = 0;
  return () => {
    // Every measured call reads the clock twice: before (no advance) and after (advance).
    if (reads++ % 2 === 1) t += durations[(reads - 2) / 2]!;
    return t;
  };
}

describe('bench timing', () => {
  it('should run the warm-up steps untimed, then time each step on its own', () => {
    const seen: number[] = [];
    const timing = timeSteps((i) => seen.push(i), { warmup: 2, steps: 3, now: fakeClock([5, 1, 3]) });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(timing.samples).toEqual([5, 1, 3]);
    expect(timing.medianMs).toBe(3);
    expect(timing.meanMs).toBe(3);
  });

  it('should take the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('should put the median between the smallest and the largest sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }),
        (xs) => median(xs) >= Math.min(...xs) && median(xs) <= Math.max(...xs),
      ),
    );
  });

  it('should refuse a step count below 1 and a negative warm-up', () => {
    expect(() => timeSteps(() => {}, { warmup: 0, steps: 0 })).toThrow(RangeError);
    expect(() => timeSteps(() => {}, { warmup: -1, steps: 1 })).toThrow(RangeError);
  });

  it('should turn 2 GFLOP in 100 ms into 20 GFLOP/s', () => {
    expect(gflopsPerSecond(2e9, 100)).toBeCloseTo(20, 10);
  });
});
