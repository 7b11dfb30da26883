import { newOpaqueToken } from './random.ts';
import type { ClientRegistration, EmulatorOptions, FederatedIssuer } from './types.ts';

/** Options with every default filled in. */
export interface EmulatorConfig {
  readonly installTimeMs: number;
  readonly attachTimeMs: number;
  readonly deleteTimeMs: number;
  /** Time a new Relay namespace takes to become Active (Created/Activating until then). */
  readonly relayActivationTimeMs: number;
  /** Time a new user-assigned identity stays unknown to the directory (role assignments answer PrincipalNotFound). */
  readonly principalReplicationDelayMs: number;
  /** Whether a role assignment that names its principalType skips the directory lookup (Azure's documented mitigation). */
  readonly principalTypeSkipsLookup: boolean;
  readonly tokenLifetimeSeconds: number;
  readonly retryAfterSeconds: number;
  readonly pageSize: number;
  readonly resourceGraphDelayMs: number;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Keyed by lower-case client id. */
  readonly clients: ReadonlyMap<string, ClientRegistration>;
  readonly seed: number;
  readonly enforceIdentityRoles: boolean;
  /** Bearer token the emulated Kubernetes API servers accept (written into kubeconfig()). */
  readonly kubeToken: string;
  /** Bearer token the admin API requires. */
  readonly adminToken: string;
  /** Trusted issuers of client assertions, by `iss`. */
  readonly federatedIssuers: ReadonlyMap<string, FederatedIssuer>;
}

// Fixed, obviously fake identities so that exported environments are stable between runs.
export const DEFAULT_TENANT_ID = '7f3e9c1a-5b2d-4c8e-9f0a-1d2c3b4a5e6f';
export const DEFAULT_CLIENT_ID = '4a8b2c6d-1e3f-4a5b-8c7d-9e0f1a2b3c4d';
export const DEFAULT_CLIENT_SECRET = 'aml-k8s-emulator-secret';

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}

export function resolveConfig(options: EmulatorOptions): EmulatorConfig {
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const clients = new Map<string, ClientRegistration>();
  clients.set(clientId.toLowerCase(), { clientId, clientSecret, acceptAssertions: true });
  for (const c of options.clients ?? []) clients.set(c.clientId.toLowerCase(), c);
  const pageSize = nonNegative('pageSize', options.pageSize, 50);
  if (pageSize < 1) throw new RangeError('pageSize must be at least 1');
  const installTimeMs = nonNegative('installTimeMs', options.installTimeMs, 2000);
  return {
    installTimeMs,
    attachTimeMs: nonNegative('attachTimeMs', options.attachTimeMs, 1000),
    deleteTimeMs: nonNegative('deleteTimeMs', options.deleteTimeMs, 1000),
    // Small by default: a tenth of an install (200 ms with the defaults; 0 when installs are instant).
    relayActivationTimeMs: nonNegative('relayActivationTimeMs', options.relayActivationTimeMs, Math.round(installTimeMs / 10)),
    principalReplicationDelayMs: nonNegative('principalReplicationDelayMs', options.principalReplicationDelayMs, 0),
    principalTypeSkipsLookup: options.principalTypeSkipsLookup ?? true,
    tokenLifetimeSeconds: nonNegative('tokenLifetimeSeconds', options.tokenLifetimeSeconds, 3599),
    retryAfterSeconds: nonNegative('retryAfterSeconds', options.retryAfterSeconds, 1),
    pageSize: Math.floor(pageSize),
    resourceGraphDelayMs: nonNegative('resourceGraphDelayMs', options.resourceGraphDelayMs, 0),
    tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
    clientId,
    clientSecret,
    clients,
    seed: options.seed ?? 1,
    enforceIdentityRoles: options.enforceIdentityRoles ?? true,
    kubeToken: newOpaqueToken(),
    adminToken: options.adminToken ?? newOpaqueToken(),
    federatedIssuers: new Map((options.federatedIssuers ?? []).map((i) => [i.issuer, i])),
  };
}
