import { expect, test } from '@jest/globals';
import { protectedFingerprint } from './fingerprint.ts';
import { SecretValue } from './secret-value.ts';

const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/providers/Microsoft.KubernetesConfiguration/extensions/azureml';

test('the same value gives the same fingerprint in any run; another value, key or resource another', () => {
  const a = protectedFingerprint(ID, 'scoringFe.sslKey', SecretValue.of('k', 'secret-one'));
  expect(a).toMatch(/^s1:[0-9a-f]{32}$/);
  expect(protectedFingerprint(ID.toUpperCase(), 'scoringFe.sslKey', SecretValue.of('k', 'secret-one'))).toBe(a);
  expect(protectedFingerprint(ID, 'scoringFe.sslKey', SecretValue.of('k', 'secret-two'))).not.toBe(a);
  expect(protectedFingerprint(ID, 'scoringFe.sslCert', SecretValue.of('k', 'secret-one'))).not.toBe(a);
  expect(protectedFingerprint(`${ID}2`, 'scoringFe.sslKey', SecretValue.of('k', 'secret-one'))).not.toBe(a);
});

test('an unread secret has no fingerprint', () => {
  expect(protectedFingerprint(ID, 'x', SecretValue.placeholder('x'))).toBeUndefined();
});
