// The compute list API (`GET …/workspaces/{name}/computes`, its pages followed by `nextLink`), read
// as plain JSON on the core's ARM configuration (endpoint, retries, pacing) and credential, keeping
// only what a status needs: ID, provisioning state and errors, the attached cluster. The ML SDK's
// model deserializer, which the core's gateway goes through, allocated about 25 KB per compute:
// most of a 5,000-compute refresh's memory, for three fields of each.
import { armPacingPolicy, ArmPacer, AZURE_ARM_PACING, AzureError } from '@aml-k8s/shared';
import type { ArmConfig, ObservedCompute } from '@aml-k8s/shared';
import type { TokenCredential } from '@azure/core-auth';
import { ServiceClient } from '@azure/core-client';
import { createPipelineRequest } from '@azure/core-rest-pipeline';

/** The version the core's ML SDK lists computes with. */
export const COMPUTE_API_VERSION = '2022-10-01';

interface ArmComputePage {
  value?: unknown;
  nextLink?: unknown;
  error?: { code?: string; message?: string };
}

interface ArmCompute {
  id?: unknown;
  properties?: { provisioningState?: unknown; provisioningErrors?: unknown; resourceId?: unknown };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A listed compute in the core's terms, with the fields a status reads. */
export function computeFromList(c: ArmCompute): ObservedCompute {
  const errors = Array.isArray(c.properties?.provisioningErrors) ? (c.properties.provisioningErrors as Array<{ error?: { code?: unknown; message?: unknown } }>) : [];
  const o: ObservedCompute = { id: str(c.id) ?? '', provisioningErrors: errors.map((e) => str(e?.error?.message) ?? str(e?.error?.code) ?? 'unknown error'), tags: {} };
  const state = str(c.properties?.provisioningState);
  if (state) o.provisioningState = state;
  const resourceId = str(c.properties?.resourceId);
  if (resourceId) o.resourceId = resourceId;
  return o;
}

/** `arm` with one pacer, for clients that draw on the same ARM read bucket (the gateway and the compute lists). */
export function withSharedPacer<T extends Pick<ArmConfig, 'pacing'>>(arm: T): T {
  const pacing = arm.pacing;
  return { ...arm, pacing: pacing === false || pacing instanceof ArmPacer ? pacing : new ArmPacer(pacing ?? AZURE_ARM_PACING) };
}

export class ComputeListClient {
  readonly #client: ServiceClient;
  readonly #endpoint: string;

  constructor(credential: TokenCredential, arm: Pick<ArmConfig, 'endpoint' | 'retry' | 'pacing'>) {
    this.#endpoint = arm.endpoint.replace(/\/+$/, '');
    const pacing = arm.pacing === false ? [] : [{ policy: armPacingPolicy(arm.pacing instanceof ArmPacer ? arm.pacing : new ArmPacer(arm.pacing ?? AZURE_ARM_PACING)), position: 'perRetry' as const }];
    this.#client = new ServiceClient({ credential, credentialScopes: `${this.#endpoint}/.default`, endpoint: this.#endpoint, retryOptions: arm.retry, additionalPolicies: pacing });
  }

  /** Every compute of the workspace; none when the workspace is gone (404). */
  async list(subscriptionId: string, resourceGroup: string, workspaceName: string): Promise<ObservedCompute[]> {
    const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.MachineLearningServices/workspaces/${encodeURIComponent(workspaceName)}/computes`;
    const out: ObservedCompute[] = [];
    let url: string | undefined = `${this.#endpoint}${path}?api-version=${COMPUTE_API_VERSION}`;
    while (url) {
      const response = await this.#client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
      if (response.status === 404) return [];
      let page: ArmComputePage = {};
      try {
        page = response.bodyAsText ? (JSON.parse(response.bodyAsText) as ArmComputePage) : {};
      } catch {
        page = {};
      }
      if (response.status >= 400) {
        throw new AzureError(`GET ${path}: ${page.error?.message ?? `HTTP ${response.status}`}`, page.error?.code ?? `Http${response.status}`, response.status);
      }
      if (Array.isArray(page.value)) for (const c of page.value as ArmCompute[]) out.push(computeFromList(c));
      url = str(page.nextLink);
    }
    return out;
  }
}
