import { describe, expect, it } from 'vitest';
import { createProgress, formatSeconds } from './progress';

function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress lines', () => {
  it('should print step, fields, time spent and time left', () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const progress = createProgress(100, (l) => lines.push(l), 2000, clock.now);
    clock.advance(5000);
    progress.update(25, { loss: 1.5, accuracy: '0.9' });
    expect(lines).toEqual(['step  25/100  loss 1.500000  accuracy 0.9  5.0 s elapsed, ~15.0 s left']);
  });

  it('should print at most once per interval, but always the last step', () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const progress = createProgress(10, (l) => lines.push(l), 2000, clock.now);
    for (let step = 1; step <= 10; step++) {
      clock.advance(300);
      progress.update(step, { loss: step });
    }
    expect(lines.map((l) => /^step +(\d+)\//.exec(l)![1])).toEqual(['1', '8', '10']);
  });

  it('should format minutes past a minute', () => {
    expect(formatSeconds(42.25)).toBe('42.3 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
  });
});
