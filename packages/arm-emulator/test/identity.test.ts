import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import { generateKeyPairSync, sign, type JsonWebKey } from 'node:crypto';
import { startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { RG, SUB, arm, azureMlSettings, credentialFor, extensionsClient } from './helpers.ts';

let emulator: Emulator;

// The federated issuer's key (as GitHub's), and another key nobody trusts.
const ISSUER = 'https://token.actions.githubusercontent.com';
const issuerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ASSERTING_APP = 'f0f0f0f0-0000-4000-8000-00000000f00d';
/** The subject of the app's one federated identity credential (a workflow on main). */
const SUBJECT = 'repo:org/repo:ref:refs/heads/main';

beforeAll(async () => {
  emulator = await startEmulator({
    tokenLifetimeSeconds: 2,
    installTimeMs: 4500,
    retryAfterSeconds: 0,
    clusters: [{ subscriptionId: SUB, resourceGroup: RG, name: 'aks-1', type: 'aks' }],
    clients: [{ clientId: ASSERTING_APP, acceptAssertions: true, federatedCredentials: [{ issuer: ISSUER, subject: SUBJECT }] }],
    federatedIssuers: [{ issuer: ISSUER, keys: [{ ...issuerKeys.publicKey.export({ format: 'jwk' }), kid: 'k1' } as JsonWebKey] }],
  });
  trustEmulator(emulator);
});

afterAll(async () => {
  await emulator?.stop();
});

const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A JWT signed RS256 by `key` (the trusted issuer's by default). */
function signedJwt(claims: Record<string, unknown>, key = issuerKeys.privateKey, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'k1' }): string {
  const signed = `${part(header)}.${part(claims)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`;
}

const CLAIMS = () => ({ iss: ISSUER, sub: SUBJECT, aud: 'api://AzureADTokenExchange', exp: Math.floor(Date.now() / 1000) + 600 });

/** Posts a client assertion to the token endpoint; the Entra error code, or 'ok'. */
async function assertWith(assertion: string): Promise<string> {
  const res = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ASSERTING_APP, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope: 'https://management.azure.com/.default' }),
  });
  const body = (await res.json()) as { access_token?: string; error_codes?: number[] };
  return res.status === 200 && body.access_token ? 'ok' : `${res.status} AADSTS${body.error_codes?.[0]}`;
}

describe('token refresh with short-lived tokens', () => {
  test('an operation longer than the token lifetime completes because the SDK keeps refreshing', async () => {
    const first = await credentialFor(emulator).getToken('https://management.azure.com/.default');
    emulator.reset();
    const client = extensionsClient(emulator);
    const created = await client.extensions.beginCreateAndWait(RG, 'Microsoft.ContainerService', 'managedClusters', 'aks-1', 'azureml', {
      extensionType: 'microsoft.azureml.kubernetes',
      configurationSettings: azureMlSettings(),
    }, { updateIntervalInMs: 200 });
    expect(created.provisioningState).toBe('Succeeded');

    const issued = emulator.state().tokens.issued;
    expect(issued).toBeGreaterThan(1);
    const requests = emulator.requests();
    expect(requests.filter((r) => r.kind === 'identity' && r.path.endsWith('/oauth2/v2.0/token') && r.status === 200).length).toBe(issued);
    expect(requests.filter((r) => r.status === 401)).toEqual([]);
    // The polls spanned more than one token lifetime.
    const arm = requests.filter((r) => r.kind === 'arm');
    const span = Date.parse(arm[arm.length - 1]!.time) - Date.parse(arm[0]!.time);
    expect(span).toBeGreaterThan(2000);

    // The very first token has expired by now and ARM says so.
    const res = await fetch(`${emulator.url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-1?api-version=2024-05-01`, {
      headers: { authorization: `Bearer ${first?.token}` },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ExpiredAuthenticationToken');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=".*", error="invalid_token"/);
  }, 20000);
});

describe('credentials', () => {
  test('a wrong client secret is refused like Entra does (invalid_client, AADSTS7000215)', async () => {
    const wrong = new ClientSecretCredential(emulator.tenantId, emulator.clientId, 'not-the-secret', emulator.credentialOptions());
    await expect(wrong.getToken('https://management.azure.com/.default')).rejects.toThrow(/AADSTS7000215/);
    const res = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: 'nope', scope: 'https://management.azure.com/.default' }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error_description: string };
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(body.error_description).toMatch(/^AADSTS7000215: /);
  });

  test('an unknown application and an unknown tenant are refused', async () => {
    const unknownApp = new ClientSecretCredential(emulator.tenantId, '00000000-0000-4000-8000-0000000000aa', 'x', emulator.credentialOptions());
    await expect(unknownApp.getToken('https://management.azure.com/.default')).rejects.toThrow(/AADSTS700016/);
    const unknownTenant = new ClientSecretCredential('00000000-0000-4000-8000-0000000000bb', emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
    await expect(unknownTenant.getToken('https://management.azure.com/.default')).rejects.toThrow(/endpoints_resolution_error|AADSTS90002/);
  });

  test('ClientAssertionCredential (workload identity federation) gets a token the ARM routes accept', async () => {
    const credential = new ClientAssertionCredential(
      emulator.tenantId,
      'f0f0f0f0-0000-4000-8000-00000000f00d',
      async () => signedJwt(CLAIMS()),
      emulator.credentialOptions(),
    );
    const client = extensionsClient(emulator, credential);
    const list: string[] = [];
    for await (const e of client.extensions.list(RG, 'Microsoft.ContainerService', 'managedClusters', 'aks-1')) list.push(e.name ?? '');
    expect(list).toEqual(['azureml']);
    expect(emulator.state().tokens.recent.some((t) => t.grant === 'client_assertion' && t.clientId === 'f0f0f0f0-0000-4000-8000-00000000f00d')).toBe(true);

    const expired = new ClientAssertionCredential(emulator.tenantId, 'f0f0f0f0-0000-4000-8000-00000000f00d', async () => signedJwt({ ...CLAIMS(), exp: 1000 }), emulator.credentialOptions());
    await expect(expired.getToken('https://management.azure.com/.default')).rejects.toThrow(/AADSTS700024/);
    const garbage = new ClientAssertionCredential(emulator.tenantId, 'f0f0f0f0-0000-4000-8000-00000000f00d', async () => 'not-a-jwt', emulator.credentialOptions());
    await expect(garbage.getToken('https://management.azure.com/.default')).rejects.toThrow(/AADSTS50027/);
  });
});

describe('ARM authentication', () => {
  const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-1?api-version=2024-05-01`;

  test('missing, unknown and wrong-audience tokens get 401 with an ARM error and a challenge', async () => {
    const missing = await arm(emulator, 'GET', path, undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('AuthenticationFailed');
    expect(missing.headers.get('www-authenticate')).toContain(`authorization_uri="${emulator.url}/${emulator.tenantId}"`);

    const unknown = await arm(emulator, 'GET', path, undefined, 'made-up-token');
    expect(unknown.body.error.code).toBe('InvalidAuthenticationToken');

    const graph = await credentialFor(emulator).getToken('https://graph.microsoft.com/.default');
    const wrongAudience = await arm(emulator, 'GET', path, undefined, graph?.token);
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.body.error.code).toBe('InvalidAuthenticationTokenAudience');

    const ok = await arm(emulator, 'GET', path);
    expect(ok.status).toBe(200);
    expect(ok.body.properties.agentPoolProfiles[0].count).toBe(3);
  });

  test('OpenID discovery advertises endpoints on the emulator', async () => {
    const res = await fetch(`${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as { token_endpoint: string; issuer: string };
    expect(doc.token_endpoint).toBe(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`);
    expect(doc.issuer).toBe(`${emulator.url}/${emulator.tenantId}/v2.0`);
    const recorded = emulator.requests().filter((r) => r.kind === 'identity' && r.path.endsWith('openid-configuration'));
    expect(recorded.length).toBeGreaterThan(0);
  });
});

describe('client assertions are verified like Entra verifies federated tokens', () => {
  test('a token signed by the trusted issuer is accepted', async () => {
    expect(await assertWith(signedJwt(CLAIMS()))).toBe('ok');
  });

  test.each([
    ['alg none, no signature', () => `${part({ alg: 'none', typ: 'JWT' })}.${part(CLAIMS())}.`, '401 AADSTS50027'],
    ['alg none with a signature part', () => `${part({ alg: 'none', typ: 'JWT' })}.${part(CLAIMS())}.c2lnbmF0dXJl`, '401 AADSTS50027'],
    ['RS256 with an empty signature', () => `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part(CLAIMS())}.`, '401 AADSTS50027'],
    ['HS256 (a shared-secret algorithm)', () => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(CLAIMS())}.c2lnbmF0dXJl`, '401 AADSTS50027'],
    ['a fake signature', () => `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part(CLAIMS())}.c2lnbmF0dXJl`, '401 AADSTS700027'],
    ['signed by a key the issuer does not publish', () => signedJwt(CLAIMS(), otherKeys.privateKey), '401 AADSTS700027'],
    ['a payload changed after signing', () => {
      const [h, , s] = signedJwt(CLAIMS()).split('.');
      return `${h}.${part({ ...CLAIMS(), sub: 'repo:evil/repo:ref:refs/heads/main' })}.${s}`;
    }, '401 AADSTS700027'],
    ['an issuer nobody trusts, signed by its own key', () => signedJwt({ ...CLAIMS(), iss: 'https://evil.example' }, otherKeys.privateKey), '401 AADSTS700211'],
  ])('%s is refused', async (_case, make, expected) => {
    expect(await assertWith(make())).toBe(expected);
  });

  test.each([
    ['another repository (a fork, say)', { sub: 'repo:evil/repo:ref:refs/heads/main' }, '401 AADSTS700213'],
    ['a pull request of the same repository', { sub: 'repo:org/repo:pull_request' }, '401 AADSTS700213'],
    ['the subject in another case', { sub: SUBJECT.toUpperCase() }, '401 AADSTS7002138'],
    ['no subject', { sub: undefined }, '401 AADSTS700213'],
    ['the token endpoint as audience', { aud: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token' }, '401 AADSTS700212'],
    ['ARM as audience (a token meant for something else)', { aud: 'https://management.azure.com' }, '401 AADSTS700212'],
    ['no audience', { aud: undefined }, '401 AADSTS700212'],
  ])('a validly signed token for %s matches no federated credential and is refused', async (_case, change, expected) => {
    expect(await assertWith(signedJwt({ ...CLAIMS(), ...change }))).toBe(expected);
  });

  test('an audience list holding the credential\'s audience is accepted', async () => {
    expect(await assertWith(signedJwt({ ...CLAIMS(), aud: ['https://other.example', 'api://AzureADTokenExchange'] }))).toBe('ok');
  });

  test('the refusal names the subject, as Entra\'s does, so users can fix the credential', async () => {
    const res = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ASSERTING_APP, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signedJwt({ ...CLAIMS(), sub: 'repo:org/repo:environment:prod' }), scope: 'https://management.azure.com/.default' }),
    });
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toMatch(/^AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:org\/repo:environment:prod'\. Check your federated identity credential Subject, Audience and Issuer/);
  });

  test('an app without a federated credential for the issuer refuses every assertion (AADSTS70021)', async () => {
    const other = await startEmulator({ clients: [{ clientId: ASSERTING_APP }], federatedIssuers: [{ issuer: ISSUER, keys: [{ ...issuerKeys.publicKey.export({ format: 'jwk' }), kid: 'k1' } as JsonWebKey] }] });
    try {
      const res = await fetch(`${other.url}/${other.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ASSERTING_APP, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signedJwt(CLAIMS()), scope: 'https://management.azure.com/.default' }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([70021]);
    } finally {
      await other.stop();
    }
  });

  test('without a configured issuer every assertion is refused', async () => {
    const strict = await startEmulator({ clients: [{ clientId: ASSERTING_APP }] });
    try {
      const res = await fetch(`${strict.url}/${strict.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ASSERTING_APP, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signedJwt(CLAIMS()), scope: 'https://management.azure.com/.default' }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([700211]);
    } finally {
      await strict.stop();
    }
  });
});
