import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { ClientSecretCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import type { Emulator } from '../src/index.ts';

export const SUB = '11111111-2222-4333-8444-555555555555';
export const OTHER_SUB = '99999999-8888-4777-8666-555555555555';
export const RG = 'rg-ml';

/** Poll fast: the emulator sends Retry-After: 0 in tests, so the poller uses this interval. */
export const FAST_POLL = { updateIntervalInMs: 25 };

/** Small retry delays so that injected 429/5xx cost milliseconds. */
export const FAST_RETRY = { maxRetries: 10, retryDelayInMs: 5, maxRetryDelayInMs: 20 };

export function credentialFor(emulator: Emulator): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
}

export function extensionsClient(emulator: Emulator, credential: TokenCredential = credentialFor(emulator), options: Record<string, unknown> = {}): SourceControlConfigurationClient {
  return new SourceControlConfigurationClient(credential, SUB, { ...emulator.clientOptions(), retryOptions: FAST_RETRY, ...options });
}

export function mlClient(emulator: Emulator, credential: TokenCredential = credentialFor(emulator), subscriptionId = SUB, options: Record<string, unknown> = {}): AzureMachineLearningWorkspaces {
  return new AzureMachineLearningWorkspaces(credential, subscriptionId, { ...emulator.clientOptions(), retryOptions: FAST_RETRY, ...options });
}

export async function armToken(emulator: Emulator): Promise<string> {
  const token = await credentialFor(emulator).getToken('https://management.azure.com/.default');
  if (!token) throw new Error('no token');
  return token.token;
}

/** A raw ARM call, for what the SDK refuses to send (non-string settings, extra properties...). */
export async function arm(
  emulator: Emulator,
  method: string,
  path: string,
  body?: unknown,
  token?: string | null,
): Promise<{ status: number; headers: Headers; body: any }> {
  const bearer = token === null ? undefined : (token ?? (await armToken(emulator)));
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export function aksId(name: string, sub = SUB, rg = RG): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

export function arcId(name: string, sub = SUB, rg = RG): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/${name}`;
}

/** Settings of a typical training + inference AzureML extension. */
export function azureMlSettings(extra: Record<string, string> = {}): Record<string, string> {
  return {
    enableTraining: 'True',
    enableInference: 'True',
    inferenceRouterServiceType: 'loadBalancer',
    allowInsecureConnections: 'True',
    inferenceRouterHA: 'False',
    installPromOp: 'False',
    ...extra,
  };
}
