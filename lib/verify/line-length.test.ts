import { describe, expect, it } from 'vitest';
import { longLines, MAX_LINE_LENGTH } from './line-length';

describe('the line-length limit', () => {
  it('should report each line over the limit with its number and length', () => {
    const text = ['short', 'x'.repeat(MAX_LINE_LENGTH), 'y'.repeat(MAX_LINE_LENGTH + 1)].join('\n');
    expect(longLines('a.ts', text)).toEqual([{ file: 'a.ts', line: 3, length: MAX_LINE_LENGTH + 1 }]);
  });

  it('should count characters, not bytes, and ignore a CRLF line end', () => {
    expect(longLines('a.ts', `${'가'.repeat(MAX_LINE_LENGTH)}\r\n`)).toEqual([]);
  });

  it('should let a line that holds a URL run over', () => {
    expect(longLines('a.ts', `// see https://example.com/${'p'.repeat(MAX_LINE_LENGTH)}`)).toEqual([]);
  });
});
