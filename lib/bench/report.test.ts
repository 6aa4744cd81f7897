import { describe, expect, it } from 'vitest';
import { formatRatios, formatTable, type BenchRow } from './report';

const row = (chapter: string, backend: string, medianMs: number): BenchRow => ({
  chapter,
  backend,
  steps: 10,
  warmup: 2,
  medianMs,
  meanMs: medianMs * 1.1,
  flopsPerStep: 2e9,
  gflops: 2e9 / (medianMs / 1000) / 1e9,
});

describe('bench report', () => {
  it('should print one aligned line per row under a header', () => {
    const lines = formatTable([row('ch4', 'wasm', 120), row('ch4', 'cpu', 17_000)]);
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.length)).size, 'every line has the same width').toBe(1);
    expect(lines[1]).toContain('120 ms');
    expect(lines[2]).toContain('17.0 s');
    expect(lines[1]).toContain('16.67');
  });

  it('should say how many times faster each backend is than each slower one, per chapter', () => {
    const lines = formatRatios([
      row('ch4', 'cpu', 17_000),
      row('ch4', 'wasm', 100),
      row('ch4', 'node', 50),
      row('ch5', 'wasm', 200),
    ]);
    expect(lines).toEqual([
      'ch4: node is 2.0× faster than wasm',
      'ch4: node is 340.0× faster than cpu',
      'ch4: wasm is 170.0× faster than cpu',
    ]);
  });

  it('should show small times with a decimal', () => {
    expect(formatTable([row('ch4', 'node-gpu', 7.25)])[1]).toContain('7.3 ms');
  });
});
