import { expect, test } from '@jest/globals';
import { protectedFingerprint } from './fingerprint.ts';
import { SecretValue } from './secret-value.ts';

const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/providers/Microsoft.KubernetesConfiguration/extensions/azureml';

test('the same value gives the same fingerprint in any run; another value, key or resource another', async () => {
  const a = await protectedFingerprint(ID, 'scoringFe.sslKey', SecretValue.of('k', 'secret-one'));
  expect(a).toMatch(/^s1:[0-9a-f]{32}$/);
  expect(await protectedFingerprint(ID.toUpperCase(), 'scoringFe.sslKey', SecretValue.of('k', 'secret-one'))).toBe(a);
  expect(await protectedFingerprint(ID, 'scoringFe.sslKey', SecretValue.of('k', 'secret-two'))).not.toBe(a);
  expect(await protectedFingerprint(ID, 'scoringFe.sslCert', SecretValue.of('k', 'secret-one'))).not.toBe(a);
  expect(await protectedFingerprint(`${ID}2`, 'scoringFe.sslKey', SecretValue.of('k', 'secret-one'))).not.toBe(a);
});

test('known answer: the fingerprint computed off the event loop is the one earlier versions computed', async () => {
  expect(await protectedFingerprint(ID, 'scoringFe.sslKey', SecretValue.of('k', 'PRIVATE-KEY'))).toBe('s1:194417c351578dda2aa1fdf0e2b16003');
});

test('an unread secret has no fingerprint', async () => {
  expect(await protectedFingerprint(ID, 'x', SecretValue.placeholder('x'))).toBeUndefined();
});
