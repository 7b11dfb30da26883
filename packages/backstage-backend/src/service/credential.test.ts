// The backend's credential config: `credential` and `managedIdentityClientId` reach the core's
// choice, config wins over the environment, and the description says which one was used. Only
// constructs credentials: no token is asked for (no instance metadata, no Azure CLI).
import { describe, expect, test } from '@jest/globals';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { credentialFromOptions } from './credential.ts';
import { readPluginOptions } from './options.ts';

const TENANT = '00000000-0000-0000-0000-00000000000a';
const MI_CLIENT = '22222222-2222-2222-2222-222222222222';

const optionsOf = (azure: JsonObject) => readPluginOptions(new ConfigReader({ azureMlCompute: { azure } }), {});

describe('credential config', () => {
  test('managed identity on App Service / Container Apps: the endpoint variables are enough', () => {
    const { azure } = optionsOf({});
    expect(credentialFromOptions(azure, { IDENTITY_ENDPOINT: 'http://127.0.0.1:1/msi/token', IDENTITY_HEADER: 'h' })).toMatchObject({
      kind: 'managed-identity',
      describe: 'system-assigned managed identity (App Service / Container Apps / Functions endpoint)',
    });
  });

  test('managed identity on a VM or AKS without the webhook: credential and managedIdentityClientId from config', () => {
    const { azure, warnings } = optionsOf({ credential: 'managed-identity', managedIdentityClientId: MI_CLIENT });
    expect(azure).toMatchObject({ credential: 'managed-identity', managedIdentityClientId: MI_CLIENT });
    expect(warnings).toEqual([]);
    // Config wins over AML_K8S_CREDENTIAL and AZURE_CLIENT_ID.
    expect(credentialFromOptions(azure, { AML_K8S_CREDENTIAL: 'azure-cli', AZURE_CLIENT_ID: 'other' })).toMatchObject({
      kind: 'managed-identity',
      describe: `user-assigned managed identity ${MI_CLIENT} (instance metadata service (IMDS))`,
    });
  });

  test('a service principal in config is used as before, and says so', () => {
    const { azure } = optionsOf({ tenantId: TENANT, clientId: 'sp', clientSecret: 'shh' });
    expect(credentialFromOptions(azure, { AML_K8S_CREDENTIAL: 'managed-identity', AZURE_FEDERATED_TOKEN_FILE: '/t' })).toMatchObject({ kind: 'environment', describe: 'service principal sp (client secret from config)' });
  });

  test('a named kind other than environment leaves the config secret unused, with a warning', () => {
    const { azure, warnings } = optionsOf({ credential: 'workload-identity', tenantId: TENANT, clientId: 'sp', clientSecret: 'shh' });
    expect(warnings).toEqual(['azureMlCompute.azure.clientSecret is not used: azureMlCompute.azure.credential is workload-identity']);
    expect(credentialFromOptions(azure, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: 'wi', AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' })).toMatchObject({
      kind: 'workload-identity',
      describe: 'workload identity wi (federated token file)',
    });
  });

  test('without config: AML_K8S_CREDENTIAL, else the core order', () => {
    const { azure } = optionsOf({});
    expect(credentialFromOptions(azure, { AML_K8S_CREDENTIAL: 'azure-cli', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: 'sp', AZURE_CLIENT_SECRET: 's' }).kind).toBe('azure-cli');
    expect(credentialFromOptions(azure, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: 'sp', AZURE_CLIENT_SECRET: 's' }).describe).toBe('service principal sp (client secret)');
  });

  test('an unknown credential kind fails at start, naming the key', () => {
    expect(() => optionsOf({ credential: 'default' })).toThrow('azureMlCompute.azure.credential is "default", which is not a credential kind.');
  });
});
