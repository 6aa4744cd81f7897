import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solutionPathFor } from './kata-target';

const ROOT = path.join(path.sep, 'repo');

describe('the kata/solution switch', () => {
  it('should send a stub import to the same path under solutions/', () => {
    expect(solutionPathFor(path.join(ROOT, 'katas', 'ch1-temperatures', 'data'), ROOT)).toBe(
      path.join(ROOT, 'solutions', 'ch1-temperatures', 'data'),
    );
  });

  it('should leave test files, library code and solutions alone', () => {
    expect(solutionPathFor(path.join(ROOT, 'katas', 'ch1-temperatures', 'data.test.ts'), ROOT)).toBeUndefined();
    expect(solutionPathFor(path.join(ROOT, 'lib', 'kata'), ROOT)).toBeUndefined();
    expect(solutionPathFor(path.join(ROOT, 'solutions', 'ch1-temperatures', 'data'), ROOT)).toBeUndefined();
  });
});
