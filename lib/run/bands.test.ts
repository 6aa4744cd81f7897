import { describe, expect, it } from 'vitest';
import { atLeast, withinAbsolute, withinRange, withinRelative } from './bands';

describe('band checks', () => {
  it('should accept a value inside a relative band and show the difference in percent', () => {
    expect(withinRelative('loss', 21.45, 22.42, 0.1)).toEqual({
      ok: true,
      line: "loss 21.450000 vs the book's 22.420000 (-4.33%, allowed ±10%): ok",
    });
  });

  it('should reject a value outside a relative band, and NaN always', () => {
    expect(withinRelative('w4', 0.0056, 0.00539352, 0.02).ok).toBe(false);
    expect(withinRelative('loss', Number.NaN, 1, 0.5).ok).toBe(false);
  });

  it('should print counts as whole numbers', () => {
    expect(withinAbsolute('correctly classified points', 34, 34, 0).line).toBe(
      'correctly classified points 34 vs 34 (allowed ±0): ok',
    );
  });

  it('should check absolute, range and floor bands', () => {
    expect(withinAbsolute('loss', 5.4394, 5.43941, 0.01).ok).toBe(true);
    expect(withinAbsolute('loss', 5.46, 5.43941, 0.01).line).toMatch(/OUT OF BAND$/);
    expect(withinRange('acc', 0.9, 0.85, 0.95).ok).toBe(true);
    expect(withinRange('acc', 0.96, 0.85, 0.95).ok).toBe(false);
    expect(atLeast('test accuracy', 0.9813, 0.975)).toEqual({ ok: true, line: 'test accuracy 0.981300 ≥ 0.975: ok' });
    expect(atLeast('test accuracy', 0.97, 0.975).ok).toBe(false);
  });
});
