// The Azure gateway a command talks to, from options and environment.
import { armConfigFromEnv, credentialFromEnv, SdkAzureGateway } from '@aml-k8s/shared';
import type { AzureGateway } from '@aml-k8s/shared';
import type { CliIo } from './io.ts';
import { UsageError } from './io.ts';

export function gatewayFromEnv(io: CliIo, options: { armEndpoint?: string | undefined }): { gateway: AzureGateway; describe: string; pollIntervalMs: number } {
  const config = armConfigFromEnv(io.env, options.armEndpoint ? { endpoint: options.armEndpoint } : {});
  let url: URL | undefined;
  try {
    url = new URL(config.endpoint);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new UsageError(`the ARM endpoint must be an https:// URL (tokens are sent over TLS only); got "${config.endpoint}". Check --arm-endpoint or AML_K8S_ARM_ENDPOINT.`);
  }
  const { credential, describe } = credentialFromEnv(io.env);
  return { gateway: new SdkAzureGateway(credential, config), describe: `${config.endpoint} as ${describe}`, pollIntervalMs: config.pollIntervalMs };
}

export function parseConcurrency(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`--concurrency must be a whole number from 1 to 1000; got "${value}".`);
  return n;
}
