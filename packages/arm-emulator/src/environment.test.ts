import { describe, expect, test } from '@jest/globals';
import { exportLines, parseExportLines } from './environment.ts';

describe('exportLines', () => {
  test('quotes values a shell would split or expand, leaves plain ones alone', () => {
    expect(exportLines({ A: 'https://127.0.0.1:4433', B: "it's $HOME", C: '/tmp/x y/ca.pem' })).toBe(
      ["export A=https://127.0.0.1:4433", "export B='it'\\''s $HOME'", "export C='/tmp/x y/ca.pem'"].join('\n'),
    );
  });
});

describe('parseExportLines', () => {
  test('reads back exactly what exportLines wrote, quoting included', () => {
    const env = { A: 'https://127.0.0.1:4433', B: "it's $HOME", C: '/tmp/x y/ca.pem', D: "''" };
    expect(parseExportLines(`${exportLines(env)}\n`)).toEqual(env);
  });
});
