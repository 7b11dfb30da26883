// Raw ARM calls to an ARM endpoint with a service principal (the emulator, for seeding and tests),
// and the backend's status reader built the way the plugin builds it.
import { armConfigFromEnv, SdkAzureGateway } from '@aml-k8s/shared';
import type { ArmConfig } from '@aml-k8s/shared';
import { ArmStatusReader, ComputeListClient, ResourceGraphClient, withSharedPacer } from '@aml-k8s/plugin-azureml-compute-backend';
import type { ArmStatusReaderOptions } from '@aml-k8s/plugin-azureml-compute-backend';
import { ClientSecretCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';

export interface ArmSender {
  /** `pathOrUrl`: an ARM path with its query, or a full URL (a next link). */
  send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', pathOrUrl: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | undefined }>;
}

/** Where an ARM endpoint is and who calls it (the emulator's default client, usually). */
export interface ArmPrincipal {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra authority; default the ARM URL (the emulator serves both). */
  authorityHost?: string;
}

export function principalCredential(p: ArmPrincipal): TokenCredential {
  const authorityHost = p.authorityHost ?? p.url;
  return new ClientSecretCredential(p.tenantId, p.clientId, p.clientSecret, { authorityHost, disableInstanceDiscovery: true });
}

export function armSender(p: ArmPrincipal): ArmSender {
  const credential = principalCredential(p);
  return {
    async send(method, pathOrUrl, body) {
      const token = await credential.getToken(`${p.url}/.default`);
      const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${p.url}${pathOrUrl}`;
      let res: Response;
      for (let attempt = 0; ; attempt++) {
        res = await fetch(url, { method, headers: { authorization: `Bearer ${token?.token ?? ''}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
        // Throttled (ARM's token buckets): wait as told, a few times.
        if (res.status !== 429 || attempt >= 8) break;
        await res.text();
        await new Promise((r) => setTimeout(r, Math.min(Number(res.headers.get('retry-after') ?? '1') || 1, 10) * 1000));
      }
      const text = await res.text();
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed };
    },
  };
}

/** The plugin's status reader (core gateway for extensions, compute lists, Resource Graph) against an ARM endpoint, built as the plugin builds it. */
export function statusReaderFor(p: ArmPrincipal, options: ArmStatusReaderOptions = {}, arm: Partial<ArmConfig> = {}): ArmStatusReader {
  const credential = principalCredential(p);
  const config = withSharedPacer(armConfigFromEnv({}, { endpoint: p.url, retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 }, ...arm }));
  const gateway = new SdkAzureGateway(credential, config);
  const computeLists = new ComputeListClient(credential, config);
  return new ArmStatusReader({ getExtension: (ref) => gateway.getExtension(ref), listComputes: (...args) => computeLists.list(...args) }, new ResourceGraphClient(credential, config), options);
}
