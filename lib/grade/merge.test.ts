import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../manifest';
import { csvCell } from './formats';
import { classResult, courseFingerprint, mergeCsv, mergedCsv, mergeJson, parseCsv } from './merge';
import type { KataGrade } from './outcome';
import { inShard, type LearnerGrade, parseShard, submissionsCsv } from './submissions';

const manifest: Manifest = {
  chapters: [
    {
      id: 'c1',
      dir: 'c1-x',
      title: 't',
      katas: [{ name: 'k', file: 'k.ts', points: 2, hints: [], pristine: 'a', testPristine: 'b' }],
    },
  ],
};
const grade = (points: number): KataGrade => ({
  chapter: 'c1',
  kata: 'k',
  status: points === 2 ? 'pass' : 'fail',
  points,
  maxPoints: 2,
  tests: [],
  feedback: '',
  guard: [],
  problems: [],
  notes: [],
  sandboxed: true,
  seconds: 1,
});
const learner = (name: string, points: number): LearnerGrade => ({ learner: name, grades: [grade(points)] });
const meta = { course: courseFingerprint(manifest), hiddenTests: 'none', sandboxed: true };

let dir: string;
const file = (name: string, content: unknown) => {
  const at = path.join(dir, name);
  writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
  return at;
};
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'merge-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sharding a class', () => {
  it('should parse i/n and refuse anything else with the fix', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'x', '1/2/3']) expect(() => parseShard(bad)).toThrow(/--shard 2\/3/);
  });

  it('should give every entry to exactly one shard, in balanced slices', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (items, count) => {
        const shards = Array.from({ length: count }, (_, i) => inShard(items, { index: i + 1, count }));
        expect(shards.flat().sort()).toEqual([...items].sort());
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('merging shards', () => {
  it('should join every shard’s JSON into one result, sorted by learner', () => {
    const a = file(
      'a.json',
      classResult([learner('zoe', 2), learner('amy', 1)], { ...meta, shard: { index: 1, count: 2 } }),
    );
    const b = file('b.json', classResult([learner('bob', 0)], { ...meta, shard: { index: 2, count: 2 } }));
    const merged = mergeJson([b, a], manifest);
    expect(merged.learners.map((l) => [l.learner, l.summary.points])).toEqual([
      ['amy', 1],
      ['bob', 0],
      ['zoe', 2],
    ]);
    expect(merged.shard).toBeNull();
    expect(mergedCsv(merged, manifest)).toBe(
      submissionsCsv([learner('amy', 1), learner('bob', 0), learner('zoe', 2)], manifest),
    );
  });

  it('should refuse a missing shard, a shard given twice, a learner in two shards and another course', () => {
    const one = (index: number, names: string[], extra = {}) =>
      file(
        `s${index}-${names.join()}.json`,
        classResult(
          names.map((n) => learner(n, 1)),
          { ...meta, shard: { index, count: 3 }, ...extra },
        ),
      );
    expect(() => mergeJson([one(1, ['a']), one(2, ['b'])], manifest)).toThrow(/shard 3\/3 is missing/);
    expect(() => mergeJson([one(1, ['a']), one(1, ['c']), one(3, ['d'])], manifest)).toThrow(/both shard 1\/3/);
    expect(() => mergeJson([one(1, ['a']), one(2, ['a']), one(3, ['d'])], manifest)).toThrow(/learner 'a' is in both/);
    expect(() => mergeJson([one(1, ['a'], { course: 'other' }), one(2, ['b']), one(3, ['c'])], manifest)).toThrow(
      /another version of the course/,
    );
    expect(() => mergeJson([file('junk.json', '{')], manifest)).toThrow(/is not a grade JSON file/);
  });

  it('should join shards’ CSV files with the same header', () => {
    const header = 'learner,points\n';
    const a = file('a.csv', `${header}zed,1\n"o, brien",2\n`);
    const b = file('b.csv', `${header}'=1+1,0\n`);
    expect(mergeCsv([a, b])).toBe(`${header}'=1+1,0\n"o, brien",2\nzed,1\n`);
    expect(() => mergeCsv([a, file('c.csv', 'learner,score\nx,1\n')])).toThrow(/other columns/);
    expect(() => mergeCsv([a, a])).toThrow(/learner 'zed' is in both/);
  });
});

describe('CSV cells', () => {
  it('should neutralise text a spreadsheet would run as a formula, and leave numbers alone', () => {
    expect(['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', 'ok', '-'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      'ok',
      "'-",
    ]);
    expect(csvCell(-1)).toBe('-1');
  });

  it('should read back what it writes: quotes, commas and newlines included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ minLength: 1, unit: 'binary' }), { minLength: 1, maxLength: 4 }), {
          maxLength: 5,
        }),
        (rows) => {
          const safe = rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
          const text = safe.map((r) => `${r.map(csvCell).join(',')}\n`).join('');
          expect(parseCsv(text)).toEqual(safe);
        },
      ),
    );
  });
});
