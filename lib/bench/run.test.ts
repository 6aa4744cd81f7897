import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runBench, type BenchCase } from './run';

/** A case whose step is a small matrix product, recording what ran. */
function fakeCase(chapter: string, log: string[]): BenchCase {
  return {
    chapter,
    layers: [{ kind: 'dense', inputs: 8, outputs: 4 }],
    batchSize: 2,
    setUp: () => {
      const w = tf.ones([8, 4]);
      log.push(`${chapter} set up on ${tf.getBackend()}`);
      return {
        step: (i) => {
          tf.tidy(() => tf.matMul(tf.ones([2, 8]), w).dataSync());
          log.push(`${chapter} step ${i}`);
        },
        dispose: () => {
          w.dispose();
          log.push(`${chapter} disposed`);
        },
      };
    },
  };
}

describe('bench run', () => {
  it('should time every case on every backend that loads, warm-up first, and clean up', async () => {
    const log: string[] = [];
    const printed: string[] = [];
    const { rows, skipped } = await runBench({
      backends: ['cpu'],
      cases: [fakeCase('a', log), fakeCase('b', log)],
      plan: () => ({ warmup: 1, steps: 2 }),
      print: (l) => printed.push(l),
    });
    expect(log).toEqual([
      'a set up on cpu',
      'a step 0',
      'a step 1',
      'a step 2',
      'a disposed',
      'b set up on cpu',
      'b step 0',
      'b step 1',
      'b step 2',
      'b disposed',
    ]);
    expect(rows.map((r) => [r.chapter, r.backend, r.steps, r.warmup, r.flopsPerStep])).toEqual([
      ['a', 'cpu', 2, 1, 2 * 2 * 32 * 2],
      ['b', 'cpu', 2, 1, 2 * 2 * 32 * 2],
    ]);
    expect(rows.every((r) => r.medianMs >= 0 && Number.isFinite(r.gflops))).toBe(true);
    expect(skipped).toEqual([]);
    expect(printed[0]).toContain('backend cpu');
  });

  it('should list a backend that cannot load, or that gets 0 steps, as skipped and go on', async () => {
    const log: string[] = [];
    const { rows, skipped } = await runBench({
      backends: ['node', 'cpu'],
      cases: [fakeCase('a', log)],
      plan: (b) => ({ warmup: 0, steps: b === 'cpu' ? 0 : 1 }),
      print: () => {},
    });
    expect(rows).toEqual([]);
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatch(/^node: The 'node' backend could not load/);
    expect(skipped[1]).toBe('cpu: skipped (0 steps asked)');
  });

  it('should list the slowest kernels of a step when profiling', async () => {
    const printed: string[] = [];
    await runBench({
      backends: ['cpu'],
      cases: [fakeCase('a', [])],
      plan: () => ({ warmup: 0, steps: 1 }),
      print: (l) => printed.push(l),
      profile: true,
    });
    expect(
      printed.some((l) => /^ {4}\w+: [\d.]+ ms in \d+ calls?$/.test(l)),
      printed.join('\n'),
    ).toBe(true);
  });
});
