// The Azure credential the status reader uses: the core's choice (credentialFromEnv), with the
// service principal and authority from config standing in for the environment's when given.
import { credentialFromEnv } from '@aml-k8s/shared';
import type { CredentialChoice } from '@aml-k8s/shared';
import type { AzureOptions } from './options.ts';

export function credentialFromOptions(azure: Pick<AzureOptions, 'tenantId' | 'clientId' | 'clientSecret' | 'authorityHost'>, env: Readonly<Record<string, string | undefined>> = process.env): CredentialChoice {
  const { tenantId, clientId, clientSecret, authorityHost } = azure;
  const fromConfig = tenantId && clientId && clientSecret ? { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: clientSecret, AZURE_FEDERATED_TOKEN_FILE: undefined } : {};
  const choice = credentialFromEnv({ ...env, ...fromConfig, ...(authorityHost ? { AZURE_AUTHORITY_HOST: authorityHost } : {}) });
  return tenantId && clientId && clientSecret ? { ...choice, describe: `${choice.describe.replace(/\)$/, '')} from config)` } : choice;
}

export type { CredentialChoice };
