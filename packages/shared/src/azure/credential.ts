// Picks the Azure credential, in the order of the Azure SDK's default chain but decided up front
// from the environment, never by probing: environment credentials (client secret or certificate),
// workload identity (a federated token file, as the AKS webhook injects), managed identity, the
// Azure CLI session. Never DefaultAzureCredential: its probing of instance metadata and developer
// tools makes failures slow and hard to explain. AML_K8S_CREDENTIAL (or the caller's `credential`)
// names one kind and skips the choice; a kind whose settings are missing is an error, not a fallback.
import { AzureCliCredential, ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { AmlK8sError } from '../errors.ts';

const PUBLIC_AUTHORITY = /(^|\.)(login\.microsoftonline\.(com|us)|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn)$/i;

/** The variable that names the credential kind, skipping the automatic choice. */
export const CREDENTIAL_ENV = 'AML_K8S_CREDENTIAL';

/** The kinds of credential, in the order they are tried when none is named. */
export const CREDENTIAL_KINDS = ['environment', 'workload-identity', 'managed-identity', 'azure-cli'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface CredentialChoice {
  credential: TokenCredential;
  /** Which kind was chosen; `oidc` when the caller supplied the client assertion (the Action's GitHub OIDC). */
  kind: CredentialKind | 'oidc';
  /** Human description, e.g. "service principal 1234… (client secret)". */
  describe: string;
}

export interface CredentialOptions {
  /** A client assertion (e.g. a GitHub OIDC token) for AZURE_TENANT_ID/AZURE_CLIENT_ID: always used when given. */
  getAssertion?: () => Promise<string>;
  /** The kind to use; overrides AML_K8S_CREDENTIAL. */
  credential?: CredentialKind | undefined;
  /** Client ID of a user-assigned managed identity; overrides AZURE_CLIENT_ID for managed identity. */
  managedIdentityClientId?: string | undefined;
}

export type CredentialErrorCode = 'credential-config';

/** The credential settings are contradictory or incomplete; `remedy` names the variables to set. */
export class CredentialError extends AmlK8sError<CredentialErrorCode> {
  override readonly name = 'CredentialError';
  constructor(message: string, remedy: string) {
    super('credential-config', message, { remedy });
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function authorityOptions(env: Env): { authorityHost?: string; disableInstanceDiscovery?: boolean } {
  const host = env.AZURE_AUTHORITY_HOST;
  if (!host) return {};
  // Instance discovery calls the public cloud, which a private authority (or no network) cannot answer.
  return { authorityHost: host, disableInstanceDiscovery: !PUBLIC_AUTHORITY.test(new URL(host).hostname) };
}

/** Parses a credential kind (AML_K8S_CREDENTIAL, a config key); empty is "not set". */
export function parseCredentialKind(value: string | undefined, where: string = CREDENTIAL_ENV): CredentialKind | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if ((CREDENTIAL_KINDS as readonly string[]).includes(v)) return v as CredentialKind;
  throw new CredentialError(`${where} is "${value}", which is not a credential kind.`, `Set ${where} to one of ${CREDENTIAL_KINDS.join(', ')}, or leave it unset to choose in that order.`);
}

/** Where a managed identity's token comes from, as the Azure SDK (MSAL) decides it from the environment. */
export function managedIdentitySource(env: Env): string | undefined {
  if (env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER && env.IDENTITY_SERVER_THUMBPRINT) return 'Service Fabric';
  if (env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER) return 'App Service / Container Apps / Functions endpoint';
  if (env.MSI_ENDPOINT && env.MSI_SECRET) return 'Azure Machine Learning endpoint';
  if (env.MSI_ENDPOINT) return 'Cloud Shell endpoint';
  if (env.IDENTITY_ENDPOINT && env.IMDS_ENDPOINT) return 'Azure Arc endpoint';
  return undefined;
}

function environmentCredential(env: Env, tenant: string, client: string): CredentialChoice {
  const options = authorityOptions(env);
  if (env.AZURE_CLIENT_SECRET) {
    return { kind: 'environment', credential: new ClientSecretCredential(tenant, client, env.AZURE_CLIENT_SECRET, options), describe: `service principal ${client} (client secret)` };
  }
  const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH as string;
  const sendCertificateChain = ['1', 'true'].includes((env.AZURE_CLIENT_SEND_CERTIFICATE_CHAIN ?? '').toLowerCase());
  const certificate = env.AZURE_CLIENT_CERTIFICATE_PASSWORD ? { certificatePath, certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD } : { certificatePath };
  return {
    kind: 'environment',
    credential: new ClientCertificateCredential(tenant, client, certificate, { ...options, sendCertificateChain }),
    describe: `service principal ${client} (client certificate)`,
  };
}

function workloadIdentity(env: Env, tenant: string, client: string, tokenFilePath: string): CredentialChoice {
  return {
    kind: 'workload-identity',
    credential: new WorkloadIdentityCredential({ tenantId: tenant, clientId: client, tokenFilePath, ...authorityOptions(env) }),
    describe: `workload identity ${client} (federated token file)`,
  };
}

function managedIdentity(env: Env, clientId: string | undefined): CredentialChoice {
  // The SDK reads the endpoint variables from process.env itself; `env` only words the description.
  const source = managedIdentitySource(env) ?? 'instance metadata service (IMDS)';
  return {
    kind: 'managed-identity',
    credential: clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential(),
    describe: clientId ? `user-assigned managed identity ${clientId} (${source})` : `system-assigned managed identity (${source})`,
  };
}

function azureCli(tenant: string | undefined): CredentialChoice {
  return { kind: 'azure-cli', credential: new AzureCliCredential(tenant ? { tenantId: tenant } : {}), describe: 'the Azure CLI session (az login)' };
}

/** The variables a kind lacks (none when it has all it needs). */
function missingFor(kind: 'environment' | 'workload-identity', env: Env): string[] {
  const missing = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'].filter((k) => !env[k]);
  if (kind === 'environment' && !env.AZURE_CLIENT_SECRET && !env.AZURE_CLIENT_CERTIFICATE_PATH) missing.push('AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH');
  if (kind === 'workload-identity' && !env.AZURE_FEDERATED_TOKEN_FILE) missing.push('AZURE_FEDERATED_TOKEN_FILE');
  return missing;
}

/**
 * The credential the environment asks for. Without a named kind (`options.credential`, else
 * AML_K8S_CREDENTIAL), the first of: environment credentials (AZURE_TENANT_ID + AZURE_CLIENT_ID +
 * AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH), workload identity (AZURE_TENANT_ID +
 * AZURE_CLIENT_ID + AZURE_FEDERATED_TOKEN_FILE), managed identity when the environment shows its
 * endpoint (IDENTITY_ENDPOINT, MSI_ENDPOINT) or a managed identity client ID is given, the Azure
 * CLI session. A VM or an AKS pod without the workload identity webhook has no such sign (its
 * managed identity is the instance metadata service): name `managed-identity` there.
 */
export function credentialFromEnv(env: Env, getAssertionOrOptions?: (() => Promise<string>) | CredentialOptions): CredentialChoice {
  const options: CredentialOptions = typeof getAssertionOrOptions === 'function' ? { getAssertion: getAssertionOrOptions } : (getAssertionOrOptions ?? {});
  const tenant = env.AZURE_TENANT_ID;
  const client = env.AZURE_CLIENT_ID;
  if (options.getAssertion) {
    if (!tenant || !client) throw new CredentialError('A client assertion was given without AZURE_TENANT_ID and AZURE_CLIENT_ID.', 'Give the tenant and the client ID of the app the assertion is for.');
    return { kind: 'oidc', credential: new ClientAssertionCredential(tenant, client, options.getAssertion, authorityOptions(env)), describe: `federated identity ${client} (OIDC)` };
  }
  const named = options.credential ?? parseCredentialKind(env[CREDENTIAL_ENV]);
  const managedIdentityClientId = options.managedIdentityClientId || client;
  const via = options.credential ? 'the configured credential' : CREDENTIAL_ENV;

  if (named === 'environment' || named === 'workload-identity') {
    const missing = missingFor(named, env);
    if (missing.length > 0) {
      const hint = named === 'environment' && env.AZURE_FEDERATED_TOKEN_FILE ? ' AZURE_FEDERATED_TOKEN_FILE is set: that is workload-identity.' : '';
      throw new CredentialError(`${via} is ${named}, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set.${hint}`, `Set ${missing.join(' and ')}, or choose another of ${CREDENTIAL_KINDS.join(', ')}.`);
    }
    return named === 'environment' ? environmentCredential(env, tenant!, client!) : workloadIdentity(env, tenant!, client!, env.AZURE_FEDERATED_TOKEN_FILE!);
  }
  if (named === 'managed-identity') return managedIdentity(env, managedIdentityClientId);
  if (named === 'azure-cli') return azureCli(tenant);

  // No kind named: the documented order. A secret, certificate or token file without the tenant and
  // client it belongs to is a mistake, never a reason to sign in as someone else.
  const given = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_FEDERATED_TOKEN_FILE'].filter((k) => env[k]);
  if (given.length > 0 && (!tenant || !client)) {
    const missing = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'].filter((k) => !env[k]);
    throw new CredentialError(`${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not.`, `Set ${missing.join(' and ')} too, or unset ${given.join(' and ')}; ${CREDENTIAL_ENV} names a kind (${CREDENTIAL_KINDS.join(', ')}) explicitly.`);
  }
  if (tenant && client && (env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH)) return environmentCredential(env, tenant, client);
  if (tenant && client && env.AZURE_FEDERATED_TOKEN_FILE) return workloadIdentity(env, tenant, client, env.AZURE_FEDERATED_TOKEN_FILE);
  if (managedIdentitySource(env) || options.managedIdentityClientId) return managedIdentity(env, managedIdentityClientId);
  return azureCli(tenant);
}
