// The SecretResolutionError a call throws, for tests that look at its code and message.
import { expect } from '@jest/globals';
import { SecretResolutionError } from '../src/secrets/resolve.ts';

export function secretFailure(fn: () => unknown): SecretResolutionError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretResolutionError);
    return error as SecretResolutionError;
  }
  throw new Error('expected a SecretResolutionError');
}
