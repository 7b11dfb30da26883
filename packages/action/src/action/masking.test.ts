import { expect, test } from '@jest/globals';
import { maskPieces } from './masking.ts';

test('a PEM value is masked whole, line by line and as base64, but not by its armor lines', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC\nBKgwggSkAgEAAoIBAQDPh305uSTDkU8X\n-----END PRIVATE KEY-----\n';
  const pieces = maskPieces(pem);
  expect(pieces).toContain(pem.trim());
  expect(pieces).toContain('MIIEvgIBADANBgkqhkiG9w0BAQEFAASC');
  expect(pieces).toContain('BKgwggSkAgEAAoIBAQDPh305uSTDkU8X');
  expect(pieces).toContain(Buffer.from(pem).toString('base64'));
  expect(pieces.some((p) => p.startsWith('-----BEGIN') && !p.includes('\n'))).toBe(false);
});

test('short fragments are not masked on their own (they would garble the log)', () => {
  expect(maskPieces('ab\ncd')).toEqual([Buffer.from('ab\ncd').toString('base64')]);
});
