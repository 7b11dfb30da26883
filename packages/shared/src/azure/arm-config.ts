// Where Azure Resource Manager is, and how patient to be with it.

export interface ArmConfig {
  /** ARM endpoint, e.g. https://management.azure.com (sovereign clouds and the emulator differ). */
  endpoint: string;
  /** Poll interval for long-running operations when Azure sends no Retry-After. */
  pollIntervalMs: number;
  /** Retries of throttled (429) and failed (5xx) requests; delays honour Retry-After. */
  retry: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
}

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

export function armConfigFromEnv(env: Readonly<Record<string, string | undefined>>, overrides: Partial<ArmConfig> = {}): ArmConfig {
  const num = (v: string | undefined, fallback: number): number => (v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback);
  return {
    endpoint: (overrides.endpoint ?? env.AML_K8S_ARM_ENDPOINT ?? PUBLIC_ARM_ENDPOINT).replace(/\/+$/, ''),
    pollIntervalMs: overrides.pollIntervalMs ?? num(env.AML_K8S_POLL_INTERVAL_MS, 10_000),
    retry: overrides.retry ?? {
      maxRetries: num(env.AML_K8S_MAX_RETRIES, 10),
      retryDelayInMs: num(env.AML_K8S_RETRY_DELAY_MS, 1_000),
      maxRetryDelayInMs: num(env.AML_K8S_MAX_RETRY_DELAY_MS, 60_000),
    },
  };
}
