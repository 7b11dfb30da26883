import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { logAnalyticsWorkspaceName, relayNamespaceName, serviceBusNamespaceName, validName } from './azure-names.ts';

// Expected values computed with the az CLI's own `_get_valid_name` (Python, hashlib.md5).
const gpu = { name: 'onprem-gpu-01', subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'onprem-k8s-rg' };

describe('Azure resource names made by az k8s-extension create', () => {
  test('match the az CLI', () => {
    expect(relayNamespaceName(gpu)).toBe('onpremgpu0100000000000000000000000000000002o853123');
    expect(serviceBusNamespaceName(gpu)).toBe('onpremgpu0100000000000000000000000000000002o5127f8');
    expect(logAnalyticsWorkspaceName(gpu)).toBe('onpremgpu0100000000000000000000000000000002onpremk8srg');
    expect(relayNamespaceName({ name: 'edge-01', subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'rg' })).toBe('edge0100000000000000000000000000000002rgrelay');
  });

  test('validName keeps letters and digits and never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 80 }), (input, k, max) => {
        fc.pre(/[A-Za-z0-9]/.test(input));
        const name = validName(input, k, max);
        expect(name.length).toBeLessThanOrEqual(max);
        expect(name).toMatch(/^[A-Za-z0-9]+$/);
        expect(validName(input, k, max)).toBe(name);
      }),
    );
    expect(() => validName('---', 6, 50)).toThrow(/no letters or digits/);
  });
});
