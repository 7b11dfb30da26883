// Shared set-up for end-to-end tests: the ARM emulator seeded from the examples, and the real
// SDK gateway pointed at it with fast polling.
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator, EmulatorOptions } from '@aml-k8s/arm-emulator';
import { ClientSecretCredential } from '@azure/identity';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ApplyOptions } from '../src/apply/apply.ts';
import { SdkAzureGateway } from '../src/azure/sdk-gateway.ts';
import type { ArmConfig } from '../src/azure/arm-config.ts';
import type { SpecInput } from '../src/model/load.ts';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export function exampleInputs(): SpecInput[] {
  return readdirSync(join(REPO, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `examples/${f}`, text: readFileSync(join(REPO, 'examples', f), 'utf8') }));
}

/** The examples whose file name contains `name`. */
export const example = (name: string): SpecInput[] => exampleInputs().filter((i) => i.file.includes(name));

/** The inputs with `from` replaced by `to`; an edit that changes nothing is a broken test, so it throws. */
export const edit = (inputs: SpecInput[], from: string | RegExp, to: string): SpecInput[] =>
  inputs.map((i) => {
    const text = i.text.replace(from, to);
    if (text === i.text) throw new Error(`edit did not apply to ${i.file}`);
    return { ...i, text };
  });

/** Environment the examples need (PEM text for the spec that reads it from variables). */
export function exampleEnv(): Record<string, string> {
  return {
    ML_TLS_CERT_PEM: readFileSync(join(REPO, 'examples/tls/ml-contoso-com.cert.pem'), 'utf8'),
    ML_TLS_KEY_PEM: readFileSync(join(REPO, 'examples/tls/ml-contoso-com.key.pem'), 'utf8'),
  };
}

export async function emulatorFor(inputs: SpecInput[], options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ installTimeMs: 300, attachTimeMs: 100, deleteTimeMs: 100, retryAfterSeconds: 0, ...fixturesFromSpecs(inputs.map((i) => parse(i.text))), ...options });
  trustEmulator(emulator);
  return emulator;
}

export function gatewayFor(emulator: Emulator, config: Partial<ArmConfig> = {}): SdkAzureGateway {
  const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
  return new SdkAzureGateway(credential, { endpoint: emulator.url, pollIntervalMs: 20, retry: { maxRetries: 12, retryDelayInMs: 5, maxRetryDelayInMs: 40 }, ...config });
}

export function applyOptions(overrides: Partial<ApplyOptions> = {}): ApplyOptions {
  return { resolveSecrets: true, env: exampleEnv(), cwd: REPO, allowDisruptive: false, concurrency: 16, pollIntervalMs: 20, ...overrides };
}

/** Requests that change something (Resource Graph queries are POSTs that only read). */
export const writes = (emulator: Emulator): number => emulator.requests().filter((r) => r.method !== 'GET' && !r.path.includes('/oauth2/') && !r.path.includes('/token') && !r.path.startsWith('/providers/Microsoft.ResourceGraph/')).length;
export const reads = (emulator: Emulator): number => emulator.requests().filter((r) => r.method === 'GET' && !r.path.includes('openid') && !r.path.includes('/operations/') && !/discovery|\.well-known/.test(r.path)).length;

/** The workspace every spec of `oneWorkspaceFleet` attaches to (its path below the subscription). */
export const FLEET_WORKSPACE = '/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace';

/** One spec per name, each on an AKS cluster of its own, all attached to the one workspace. */
export function oneWorkspaceFleet(subscriptionId: string, names: readonly string[]): SpecInput[] {
  return names.map((name, i) => ({
    file: `fleet/${name}.yaml`,
    text: `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: ${name}, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: ${subscriptionId}, resourceGroup: fleet-rg, name: aks-${i} }
  extension: { training: true }
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`,
  }));
}

/** Reads of the fleet workspace since the emulator's last reset: its location, its compute listings, and the computes read one by one. */
export function workspaceReads(emulator: Emulator): { location: number; listings: number; computesRead: string[] } {
  const gets = emulator.requests().filter((q) => q.method === 'GET' && q.path.includes('/workspaces/'));
  return {
    location: gets.filter((q) => q.path.endsWith(FLEET_WORKSPACE)).length,
    listings: gets.filter((q) => q.path.endsWith(`${FLEET_WORKSPACE}/computes`)).length,
    computesRead: gets.flatMap((q) => /\/computes\/([^/]+)$/.exec(q.path)?.[1] ?? []),
  };
}
