// Where Azure Resource Manager is, and how patient to be with it.
import type { ArmPacer, ArmPacing } from './arm-pacing.ts';

export interface ArmConfig {
  /** ARM endpoint, e.g. https://management.azure.com (sovereign clouds and the emulator differ). */
  endpoint: string;
  /** Poll interval for long-running operations when Azure sends no Retry-After. */
  pollIntervalMs: number;
  /** Retries of throttled (429) and failed (5xx) requests; delays honour Retry-After. */
  retry: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
  /**
   * Pacing by ARM's remaining-requests headers: when a subscription's bucket runs low, requests are
   * spaced at its refill rate (arm-pacing.ts). Undefined: Azure's buckets (reads 250 + 25/s, writes
   * and deletes 200 + 10/s); false: off (AML_K8S_ARM_PACING=off); a pacer: that one (shared, or
   * observed for how long requests waited).
   */
  pacing?: ArmPacing | ArmPacer | false;
  /** How long a role assignment keeps being retried while Entra ID has not replicated its new principal (PrincipalNotFound); default 5 minutes. */
  principalReplicationTimeoutMs?: number;
  /** How long to wait for a new Relay namespace to become active; default 10 minutes. */
  relayActivationTimeoutMs?: number;
}

export const DEFAULT_PRINCIPAL_REPLICATION_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_RELAY_ACTIVATION_TIMEOUT_MS = 10 * 60_000;

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
    ...(overrides.pacing !== undefined ? { pacing: overrides.pacing } : env.AML_K8S_ARM_PACING === 'off' ? { pacing: false as const } : {}),
    principalReplicationTimeoutMs: overrides.principalReplicationTimeoutMs ?? num(env.AML_K8S_PRINCIPAL_REPLICATION_TIMEOUT_MS, DEFAULT_PRINCIPAL_REPLICATION_TIMEOUT_MS),
    relayActivationTimeoutMs: overrides.relayActivationTimeoutMs ?? num(env.AML_K8S_RELAY_ACTIVATION_TIMEOUT_MS, DEFAULT_RELAY_ACTIVATION_TIMEOUT_MS),
  };
}
