// The Azure credential the status reader uses: the core's choice (credentialFromEnv), with the
// service principal, authority, credential kind and managed identity client ID from config standing
// in for the environment's when given. Config `credential` (or a service principal in config) wins
// over AML_K8S_CREDENTIAL.
import { credentialFromEnv } from '@aml-k8s/shared';
import type { CredentialChoice } from '@aml-k8s/shared';
import type { AzureOptions } from './options.ts';

export function credentialFromOptions(
  azure: Pick<AzureOptions, 'tenantId' | 'clientId' | 'clientSecret' | 'authorityHost' | 'credential' | 'managedIdentityClientId'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CredentialChoice {
  const { tenantId, clientId, clientSecret, authorityHost, credential, managedIdentityClientId } = azure;
  const servicePrincipal = Boolean(tenantId && clientId && clientSecret) && (credential === undefined || credential === 'environment');
  const fromConfig = servicePrincipal
    ? { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: clientSecret, AZURE_CLIENT_CERTIFICATE_PATH: undefined, AZURE_FEDERATED_TOKEN_FILE: undefined }
    : {};
  const choice = credentialFromEnv({ ...env, ...fromConfig, ...(authorityHost ? { AZURE_AUTHORITY_HOST: authorityHost } : {}) }, { credential: servicePrincipal ? 'environment' : credential, managedIdentityClientId });
  return servicePrincipal && choice.kind === 'environment' ? { ...choice, describe: `${choice.describe.replace(/\)$/, '')} from config)` } : choice;
}

export type { CredentialChoice };
