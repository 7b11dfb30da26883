import { expect, test } from '@jest/globals';
import { fieldChanges, fieldText, flattenFields } from './fields.ts';

test('objects flatten to sorted leaf paths; arrays and deep objects are canonical JSON', () => {
  const fields = flattenFields({ spec: { resources: { requests: { storage: '10Gi' } }, accessModes: ['ReadWriteMany'] }, metadata: { name: 'data', labels: {} } });
  expect([...fields]).toEqual([
    ['metadata.labels', '{}'],
    ['metadata.name', 'data'],
    ['spec.accessModes', '["ReadWriteMany"]'],
    ['spec.resources.requests.storage', '10Gi'],
  ]);
  expect(fieldText({ b: 1, a: { d: 2, c: 3 } })).toBe(fieldText({ a: { c: 3, d: 2 }, b: 1 }));
});

test('field changes against what is there keep old values and list removed fields', () => {
  const changes = fieldChanges(new Map([['a', '1'], ['b', '2']]), new Map([['a', '0'], ['c', '3']]));
  expect(changes).toEqual([{ key: 'a', before: '0', after: '1' }, { key: 'b', after: '2' }, { key: 'c', before: '3' }]);
});
