// The Azure credential the status reader uses: a service principal from config, else the
// environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or a federated token file).
import { credentialFromEnv } from '@aml-k8s/shared';
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import type { AzureOptions } from './options.ts';

const PUBLIC_AUTHORITY = /(^|\.)(login\.microsoftonline\.(com|us)|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn)$/i;

export function credentialFromOptions(azure: AzureOptions, env: Readonly<Record<string, string | undefined>> = process.env): { credential: TokenCredential; describe: string } {
  const { tenantId, clientId, clientSecret, authorityHost } = azure;
  if (tenantId && clientId && clientSecret) {
    // Instance discovery asks the public cloud about the authority: a private one (or no network) cannot answer.
    const options = authorityHost ? { authorityHost, disableInstanceDiscovery: !PUBLIC_AUTHORITY.test(new URL(authorityHost).hostname) } : {};
    return { credential: new ClientSecretCredential(tenantId, clientId, clientSecret, options), describe: `service principal ${clientId} (client secret from config)` };
  }
  return credentialFromEnv(authorityHost ? { ...env, AZURE_AUTHORITY_HOST: authorityHost } : env);
}
