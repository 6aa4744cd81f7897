import { describe, expect, it } from 'vitest';
import { isNotImplementedMessage, KataNotImplementedError, NOT_IMPLEMENTED_TAG, todo } from './kata';

describe('the not-implemented marker', () => {
  it('should throw a KataNotImplementedError naming the kata and the task', () => {
    expect(() => todo('ch1/data', 'build the rows')).toThrow(KataNotImplementedError);
    expect(() => todo('ch1/data', 'build the rows')).toThrow(
      /ch1\/data is not implemented yet: build the rows\. Open katas\/ch1\*\/README\.md/,
    );
  });

  it('should be recognisable in any printed failure message', () => {
    const stub = new KataNotImplementedError('ch2/loss', 'x');
    const message = `Error: Property failed after 1 tests\nGot error: ${stub.message}`;
    expect(isNotImplementedMessage(message)).toBe(true);
    expect(isNotImplementedMessage('AssertionError: expected 1 to be 2')).toBe(false);
    expect(NOT_IMPLEMENTED_TAG).toBe('[kata:not-implemented]');
  });
});
