// Which credential each environment gets, and a managed identity token from a local fake of the App
// Service identity endpoint. No test here ever asks the instance metadata service (169.254.169.254)
// or the Azure CLI for a token: selection tests only construct credentials.
import { afterEach, describe, expect, test } from '@jest/globals';
import { AzureCliCredential, ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential } from '@azure/identity';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAmlK8sError } from '../errors.ts';
import { CredentialError, credentialFromEnv, parseCredentialKind } from './credential.ts';

const TENANT = '00000000-0000-0000-0000-00000000000a';
const CLIENT = '11111111-1111-1111-1111-111111111111';
const MI_CLIENT = '22222222-2222-2222-2222-222222222222';
const SP = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT };
const APP_SERVICE = { IDENTITY_ENDPOINT: 'http://127.0.0.1:1/msi/token', IDENTITY_HEADER: 'h' };

const pick = (env: Record<string, string | undefined>, options?: Parameters<typeof credentialFromEnv>[1]) => {
  const c = credentialFromEnv(env, options);
  return { kind: c.kind, describe: c.describe, type: c.credential.constructor };
};

function errorOf(f: () => unknown): CredentialError {
  try {
    f();
  } catch (e) {
    if (e instanceof CredentialError) return e;
    throw e;
  }
  throw new Error('expected a CredentialError');
}

describe('automatic choice, in the documented order', () => {
  test.each([
    ['client secret', { ...SP, AZURE_CLIENT_SECRET: 's' }, 'environment', ClientSecretCredential, `service principal ${CLIENT} (client secret)`],
    ['client certificate', { ...SP, AZURE_CLIENT_CERTIFICATE_PATH: '/certs/sp.pem' }, 'environment', ClientCertificateCredential, `service principal ${CLIENT} (client certificate)`],
    ['secret before certificate', { ...SP, AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: '/certs/sp.pem' }, 'environment', ClientSecretCredential, `service principal ${CLIENT} (client secret)`],
    ['secret before the workload identity token file', { ...SP, AZURE_CLIENT_SECRET: 's', AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' }, 'environment', ClientSecretCredential, `service principal ${CLIENT} (client secret)`],
    ['AKS workload identity webhook', { ...SP, AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/' }, 'workload-identity', WorkloadIdentityCredential, `workload identity ${CLIENT} (federated token file)`],
    ['workload identity before a managed identity endpoint', { ...SP, AZURE_FEDERATED_TOKEN_FILE: '/t', ...APP_SERVICE }, 'workload-identity', WorkloadIdentityCredential, `workload identity ${CLIENT} (federated token file)`],
    ['App Service / Container Apps endpoint', APP_SERVICE, 'managed-identity', ManagedIdentityCredential, 'system-assigned managed identity (App Service / Container Apps / Functions endpoint)'],
    ['App Service with a user-assigned identity (AZURE_CLIENT_ID)', { ...APP_SERVICE, AZURE_CLIENT_ID: MI_CLIENT }, 'managed-identity', ManagedIdentityCredential, `user-assigned managed identity ${MI_CLIENT} (App Service / Container Apps / Functions endpoint)`],
    ['Service Fabric', { ...APP_SERVICE, IDENTITY_SERVER_THUMBPRINT: 'ab' }, 'managed-identity', ManagedIdentityCredential, 'system-assigned managed identity (Service Fabric)'],
    ['Azure Arc', { IDENTITY_ENDPOINT: 'http://127.0.0.1:1/metadata/identity/oauth2/token', IMDS_ENDPOINT: 'http://127.0.0.1:1' }, 'managed-identity', ManagedIdentityCredential, 'system-assigned managed identity (Azure Arc endpoint)'],
    ['Azure Machine Learning', { MSI_ENDPOINT: 'http://127.0.0.1:1/token', MSI_SECRET: 's' }, 'managed-identity', ManagedIdentityCredential, 'system-assigned managed identity (Azure Machine Learning endpoint)'],
    ['Cloud Shell', { MSI_ENDPOINT: 'http://127.0.0.1:1/token' }, 'managed-identity', ManagedIdentityCredential, 'system-assigned managed identity (Cloud Shell endpoint)'],
    ['nothing: the Azure CLI', {}, 'azure-cli', AzureCliCredential, 'the Azure CLI session (az login)'],
    ['tenant and client only (a VM shows no sign of its identity): the Azure CLI', SP, 'azure-cli', AzureCliCredential, 'the Azure CLI session (az login)'],
    ['an empty AML_K8S_CREDENTIAL is unset', { AML_K8S_CREDENTIAL: '' }, 'azure-cli', AzureCliCredential, 'the Azure CLI session (az login)'],
  ])('%s', (_name, env, kind, type, describe) => {
    expect(pick(env)).toEqual({ kind, type, describe });
  });

  test('a managed identity client ID from config is a sign of managed identity (VM, AKS without the webhook)', () => {
    expect(pick({}, { managedIdentityClientId: MI_CLIENT })).toEqual({ kind: 'managed-identity', type: ManagedIdentityCredential, describe: `user-assigned managed identity ${MI_CLIENT} (instance metadata service (IMDS))` });
    // …but not before environment credentials, which come first.
    expect(pick({ ...SP, AZURE_CLIENT_SECRET: 's' }, { managedIdentityClientId: MI_CLIENT }).kind).toBe('environment');
  });

  test.each([
    ['AZURE_CLIENT_SECRET', { AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_ID: CLIENT }, /AZURE_CLIENT_SECRET is set, but AZURE_TENANT_ID is not/],
    ['AZURE_CLIENT_CERTIFICATE_PATH', { AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem', AZURE_TENANT_ID: TENANT }, /AZURE_CLIENT_CERTIFICATE_PATH is set, but AZURE_CLIENT_ID is not/],
    ['AZURE_FEDERATED_TOKEN_FILE', { AZURE_FEDERATED_TOKEN_FILE: '/t', ...APP_SERVICE }, /AZURE_FEDERATED_TOKEN_FILE is set, but AZURE_TENANT_ID and AZURE_CLIENT_ID are not/],
  ])('%s without the tenant and client it belongs to is an error, not a silent fallback', (_name, env, message) => {
    const e = errorOf(() => credentialFromEnv(env));
    expect(e.message).toMatch(message);
    expect(isAmlK8sError(e, 'credential-config')).toBe(true);
    expect(e.remedy).toMatch(/AML_K8S_CREDENTIAL/);
  });
});

describe('a named kind (AML_K8S_CREDENTIAL, or the caller’s `credential`)', () => {
  const everything = { ...SP, AZURE_CLIENT_SECRET: 's', AZURE_FEDERATED_TOKEN_FILE: '/t', ...APP_SERVICE };

  test.each([
    ['environment', 'environment', ClientSecretCredential, `service principal ${CLIENT} (client secret)`],
    ['workload-identity', 'workload-identity', WorkloadIdentityCredential, `workload identity ${CLIENT} (federated token file)`],
    ['managed-identity', 'managed-identity', ManagedIdentityCredential, `user-assigned managed identity ${CLIENT} (App Service / Container Apps / Functions endpoint)`],
    ['azure-cli', 'azure-cli', AzureCliCredential, 'the Azure CLI session (az login)'],
    [' Managed-Identity ', 'managed-identity', ManagedIdentityCredential, `user-assigned managed identity ${CLIENT} (App Service / Container Apps / Functions endpoint)`],
  ])('AML_K8S_CREDENTIAL=%s picks it even when others are available', (value, kind, type, describe) => {
    expect(pick({ ...everything, AML_K8S_CREDENTIAL: value })).toEqual({ kind, type, describe });
  });

  test('managed identity on a VM or AKS without the webhook: system-assigned, or user-assigned by client ID', () => {
    expect(pick({ AML_K8S_CREDENTIAL: 'managed-identity' })).toEqual({ kind: 'managed-identity', type: ManagedIdentityCredential, describe: 'system-assigned managed identity (instance metadata service (IMDS))' });
    expect(pick({ AML_K8S_CREDENTIAL: 'managed-identity', AZURE_CLIENT_ID: MI_CLIENT }).describe).toBe(`user-assigned managed identity ${MI_CLIENT} (instance metadata service (IMDS))`);
    // The option's client ID wins over AZURE_CLIENT_ID (which may be a service principal's).
    expect(pick({ ...SP, AML_K8S_CREDENTIAL: 'managed-identity' }, { managedIdentityClientId: MI_CLIENT }).describe).toBe(`user-assigned managed identity ${MI_CLIENT} (instance metadata service (IMDS))`);
  });

  test('the option overrides AML_K8S_CREDENTIAL', () => {
    expect(pick({ ...everything, AML_K8S_CREDENTIAL: 'azure-cli' }, { credential: 'workload-identity' }).kind).toBe('workload-identity');
  });

  test('a named kind whose settings are missing is an error, never a fallback', () => {
    const e = errorOf(() => credentialFromEnv({ AZURE_TENANT_ID: TENANT, AML_K8S_CREDENTIAL: 'environment' }));
    expect(e.message).toBe('AML_K8S_CREDENTIAL is environment, but AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH are not set.');
    expect(errorOf(() => credentialFromEnv({ ...SP, AZURE_FEDERATED_TOKEN_FILE: '/t', AML_K8S_CREDENTIAL: 'environment' })).message).toMatch(/AZURE_FEDERATED_TOKEN_FILE is set: that is workload-identity/);
    expect(errorOf(() => credentialFromEnv({ ...SP, AZURE_CLIENT_SECRET: 's' }, { credential: 'workload-identity' })).message).toBe('the configured credential is workload-identity, but AZURE_FEDERATED_TOKEN_FILE is not set.');
  });

  test('an unknown kind is an error that lists the kinds', () => {
    const e = errorOf(() => credentialFromEnv({ AML_K8S_CREDENTIAL: 'default' }));
    expect(e.message).toBe('AML_K8S_CREDENTIAL is "default", which is not a credential kind.');
    expect(e.remedy).toMatch(/environment, workload-identity, managed-identity, azure-cli/);
    expect(() => parseCredentialKind('msi', 'azureMlCompute.azure.credential')).toThrow(/azureMlCompute\.azure\.credential is "msi"/);
  });
});

test('a client assertion (the Action’s GitHub OIDC) is always used, whatever else is set', () => {
  const getAssertion = async (): Promise<string> => 'jwt';
  expect(pick({ ...SP, AZURE_CLIENT_SECRET: 's', AML_K8S_CREDENTIAL: 'azure-cli' }, getAssertion)).toEqual({ kind: 'oidc', type: ClientAssertionCredential, describe: `federated identity ${CLIENT} (OIDC)` });
  expect(pick(SP, { getAssertion }).kind).toBe('oidc');
});

describe('a token from a managed identity endpoint (App Service protocol, a local fake)', () => {
  const saved: Record<string, string | undefined> = {};
  const setEnv = (vars: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(vars)) {
      if (!(k in saved)) saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      delete saved[k];
    }
  });

  async function fakeIdentityEndpoint(): Promise<{ url: string; requests: { path: string; query: Record<string, string>; header: string | undefined }[]; close: () => Promise<void> }> {
    const requests: { path: string; query: Record<string, string>; header: string | undefined }[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      const header = req.headers['x-identity-header'] as string | undefined;
      requests.push({ path: url.pathname, query, header });
      if (req.method !== 'GET' || header !== 'fake-identity-header' || query['api-version'] !== '2019-08-01' || !query.resource) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 400, message: 'bad request' }));
        return;
      }
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ access_token: `token-for-${query.client_id ?? 'system'}`, expires_on: String(expiresOn), resource: query.resource, token_type: 'Bearer', client_id: query.client_id ?? MI_CLIENT }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/msi/token`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  test('system-assigned and user-assigned, chosen from the endpoint variables', async () => {
    const fake = await fakeIdentityEndpoint();
    try {
      // The SDK reads the endpoint from process.env; nothing that would send it elsewhere is left set.
      const env = { IDENTITY_ENDPOINT: fake.url, IDENTITY_HEADER: 'fake-identity-header' };
      setEnv({ ...env, IDENTITY_SERVER_THUMBPRINT: undefined, MSI_ENDPOINT: undefined, MSI_SECRET: undefined, IMDS_ENDPOINT: undefined, AZURE_FEDERATED_TOKEN_FILE: undefined, AZURE_TENANT_ID: undefined, AZURE_CLIENT_ID: undefined, AML_K8S_CREDENTIAL: undefined });

      const system = credentialFromEnv(env);
      expect(system.describe).toBe('system-assigned managed identity (App Service / Container Apps / Functions endpoint)');
      const token = await system.credential.getToken('https://management.azure.com/.default');
      expect(token?.token).toBe('token-for-system');
      expect(token!.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000);

      const user = credentialFromEnv(env, { managedIdentityClientId: MI_CLIENT });
      expect(user.describe).toBe(`user-assigned managed identity ${MI_CLIENT} (App Service / Container Apps / Functions endpoint)`);
      expect((await user.credential.getToken('https://management.azure.com/.default'))?.token).toBe(`token-for-${MI_CLIENT}`);

      expect(fake.requests).toEqual([
        { path: '/msi/token', query: { 'api-version': '2019-08-01', resource: 'https://management.azure.com' }, header: 'fake-identity-header' },
        { path: '/msi/token', query: { 'api-version': '2019-08-01', resource: 'https://management.azure.com', client_id: MI_CLIENT }, header: 'fake-identity-header' },
      ]);
    } finally {
      await fake.close();
    }
  });
});
