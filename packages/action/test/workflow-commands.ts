// What the Action prints to stdout (workflow commands such as `::error` and `::warning`), captured
// per test: call in a test file's top level; read `lines()` inside a test.
import { afterEach, beforeEach, jest } from '@jest/globals';

export function captureStdout(): { lines: () => string[] } {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  return { lines: () => lines };
}
