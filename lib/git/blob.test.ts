import { describe, expect, it } from 'vitest';
import { gitBlobHash } from './blob';

/** The well-known blob id of "hello\n", as `git hash-object` prints it. */
const HELLO_BLOB = 'ce013625030ba8dba906f756967f9e9ca394464a';

describe('git blob hashes', () => {
  it('should hash content exactly as `git hash-object` does', () => {
    expect(gitBlobHash(Buffer.from('hello\n'))).toBe(HELLO_BLOB);
  });

  it('should hash a CRLF checkout of a text file as the LF blob git stores', () => {
    expect(gitBlobHash(Buffer.from('hello\r\n'))).toBe(HELLO_BLOB);
    expect(gitBlobHash(Buffer.from('a\r\nb\r\n'))).toBe(gitBlobHash(Buffer.from('a\nb\n')));
  });

  it('should still tell an edited file from the pristine one after normalising', () => {
    expect(gitBlobHash(Buffer.from('hello \r\n'))).not.toBe(HELLO_BLOB);
    expect(gitBlobHash(Buffer.from('hello\r'))).not.toBe(HELLO_BLOB);
  });

  it('should hash binary content (a NUL byte) as it is, as git does', () => {
    const binary = Buffer.from([0, 13, 10]);
    expect(gitBlobHash(binary)).not.toBe(gitBlobHash(Buffer.from([0, 10])));
  });
});
