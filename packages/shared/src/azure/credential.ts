// Picks the Azure credential from the environment. Never DefaultAzureCredential: its probing of
// instance metadata and developer tools makes failures slow and hard to explain.
import { AzureCliCredential, ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { readFileSync } from 'node:fs';

const PUBLIC_AUTHORITY = /(^|\.)(login\.microsoftonline\.(com|us)|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn)$/i;

export interface CredentialChoice {
  credential: TokenCredential;
  /** Human description, e.g. "service principal 1234… (client secret)". */
  describe: string;
}

function authorityOptions(env: Readonly<Record<string, string | undefined>>): { authorityHost?: string; disableInstanceDiscovery?: boolean } {
  const host = env.AZURE_AUTHORITY_HOST;
  if (!host) return {};
  // Instance discovery calls the public cloud, which a private authority (or no network) cannot answer.
  return { authorityHost: host, disableInstanceDiscovery: !PUBLIC_AUTHORITY.test(new URL(host).hostname) };
}

export function credentialFromEnv(env: Readonly<Record<string, string | undefined>>, getAssertion?: () => Promise<string>): CredentialChoice {
  const tenant = env.AZURE_TENANT_ID;
  const client = env.AZURE_CLIENT_ID;
  const options = authorityOptions(env);
  if (tenant && client && getAssertion) {
    return { credential: new ClientAssertionCredential(tenant, client, getAssertion, options), describe: `federated identity ${client} (OIDC)` };
  }
  if (tenant && client && env.AZURE_CLIENT_SECRET) {
    return { credential: new ClientSecretCredential(tenant, client, env.AZURE_CLIENT_SECRET, options), describe: `service principal ${client} (client secret)` };
  }
  if (tenant && client && env.AZURE_FEDERATED_TOKEN_FILE) {
    const file = env.AZURE_FEDERATED_TOKEN_FILE;
    return { credential: new ClientAssertionCredential(tenant, client, async () => readFileSync(file, 'utf8').trim(), options), describe: `federated identity ${client} (token file)` };
  }
  return { credential: new AzureCliCredential(tenant ? { tenantId: tenant } : {}), describe: 'the Azure CLI session (az login)' };
}
