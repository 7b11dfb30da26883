import { expect, test } from '@jest/globals';
import { parseDocument } from 'yaml';
import { hello } from './index.ts';
test('toolchain', () => { expect(hello(1)).toBe(2); expect(parseDocument('a: 1').toJS()).toEqual({ a: 1 }); });
