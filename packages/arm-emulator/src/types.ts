/** Public option and fixture types of the emulator. */
import type { JsonWebKey } from 'node:crypto';
import type { BucketSpec, RequestClass } from './throttling.ts';

export type ClusterType = 'aks' | 'arc';
export type AksIdentityType = 'SystemAssigned' | 'UserAssigned' | 'ServicePrincipal';

/** A Kubernetes cluster the emulator pretends exists (AKS managed cluster or Arc connected cluster). */
export interface ClusterFixture {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  type: ClusterType;
  /** Default 'eastus'. */
  location?: string;
  /** Default 3. */
  nodeCount?: number;
  /** Arc `properties.distribution` (default 'generic'); ignored on AKS. */
  distribution?: string;
  /** Arc `properties.infrastructure` (default 'generic'); ignored on AKS. */
  infrastructure?: string;
  /** Default '1.30.6'. */
  kubernetesVersion?: string;
  /** AKS only; default 'SystemAssigned'. */
  identityType?: AksIdentityType;
  /** AKS `disableLocalAccounts`; default false. */
  localAccountsDisabled?: boolean;
  /** AKS `apiServerAccessProfile.authorizedIPRanges`; default none. */
  authorizedIpRanges?: string[];
  /** Whether Services of type LoadBalancer get an address; default true. */
  loadBalancerSupported?: boolean;
  /** A NVIDIA device plugin DaemonSet not owned by Helm is already on the cluster. */
  existingNvidiaDevicePlugin?: boolean;
  /** A Prometheus operator is already installed on the cluster. */
  existingPrometheusOperator?: boolean;
  tags?: Record<string, string>;
}

/** An Azure Machine Learning workspace the emulator pretends exists. */
export interface WorkspaceFixture {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Default 'eastus'. */
  location?: string;
}

/** A user-assigned managed identity the emulator pretends exists. */
export interface IdentityFixture {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Default 'eastus'. */
  location?: string;
  /** Object id of its service principal; generated when absent. */
  principalId?: string;
}

export interface Fixtures {
  clusters?: ClusterFixture[];
  workspaces?: WorkspaceFixture[];
  identities?: IdentityFixture[];
}

/** Fault injection settings; every field can also be changed at run time. */
export interface FaultSettings {
  /** Probability in [0, 1] that an ARM request is answered 429 (with Retry-After). */
  throttleProbability: number;
  /** Seconds sent in Retry-After on injected 429s. */
  throttleRetryAfterSeconds: number;
  /** Probability in [0, 1] that an ARM request is answered 500 or 503. */
  serverErrorProbability: number;
  /** The next N long-running operations started fail when they complete. */
  failNextOperations: number;
  /** The next N extension uninstalls (not force deletes) fail when they complete, leaving the extension Failed. */
  failNextExtensionDeletes: number;
  /** Extra latency added to every ARM request, in ms. */
  latencyMs: number;
  /** Multiplies every long-running operation's duration. */
  slowFactor: number;
}

/** A service principal the token endpoint knows. */
export interface ClientRegistration {
  clientId: string;
  /** Secret accepted by the client-credentials grant; omit to allow assertions only. */
  clientSecret?: string;
  /**
   * Whether a client assertion (federated credential) is accepted; default true. Only signed
   * assertions from a trusted issuer (`EmulatorOptions.federatedIssuers`) whose signature verifies
   * are: `alg: none`, unsigned and unverifiable assertions are refused as Entra refuses them.
   */
  acceptAssertions?: boolean;
  /** Federated identity credentials of the app: a client assertion must match one (see identity.ts). */
  federatedCredentials?: FederatedCredential[];
  /**
   * The client holds only read roles (Reader): ARM answers its writes with 403 AuthorizationFailed,
   * worded as Azure words it. Default false.
   */
  readOnly?: boolean;
  /**
   * Actions the client may not perform at a scope or below it (as a deny assignment or a custom
   * role without them would): ARM answers 403 AuthorizationFailed. `action` is the resource type
   * and verb, e.g. `Microsoft.MachineLearningServices/workspaces/computes/read` (verbs: read for
   * GET, write for PUT and PATCH, delete, action for POST); compared case-insensitively.
   */
  deny?: { scope: string; action: string }[];
}

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Duration of extension install and update operations, ms (default 2000). */
  installTimeMs?: number;
  /** Duration of compute attach operations, ms (default 1000). */
  attachTimeMs?: number;
  /** Duration of extension and compute delete operations, ms (default 1000). */
  deleteTimeMs?: number;
  /**
   * Time a new Relay namespace takes to become usable, ms: its PUT answers 201 with
   * provisioningState Created (status Activating), and hybrid connections in it are refused until
   * then. Default installTimeMs / 10 (scaled by the slowFactor fault like other operations).
   */
  relayActivationTimeMs?: number;
  /**
   * Directory replication delay, ms: for this long after a user-assigned identity is created (or
   * seeded), creating a role assignment for its principal answers 400 PrincipalNotFound, as Entra ID
   * does before the new service principal has replicated. Default 0.
   */
  principalReplicationDelayMs?: number;
  /**
   * Whether a role assignment that states its principalType skips that directory lookup (and so
   * never meets the delay), as Azure documents. Default true; false models clients or cases where
   * the error still shows.
   */
  principalTypeSkipsLookup?: boolean;
  /** `expires_in` of issued access tokens, seconds (default 3599). */
  tokenLifetimeSeconds?: number;
  /** Retry-After sent with long-running operation responses, seconds (default 1). */
  retryAfterSeconds?: number;
  /** Page size of list responses (default 50). */
  pageSize?: number;
  /**
   * How far Azure Resource Graph lags ARM, ms (default 0): a change (create, update, state
   * change, delete) shows in Resource Graph queries this long after the emulator's index first
   * notices it. Azure's index lags by seconds to minutes.
   */
  resourceGraphDelayMs?: number;
  faults?: Partial<FaultSettings>;
  /**
   * ARM's throttling: token buckets per subscription for reads, writes (PUT, PATCH, POST) and
   * deletes, each `{ capacity, refillPerSecond }`; classes left out keep Azure's numbers (reads
   * 250 + 25/s, writes and deletes 200 + 10/s). `false` turns throttling off. Default: Azure's.
   */
  throttling?: Partial<Record<RequestClass, Partial<BucketSpec>>> | false;
  clusters?: ClusterFixture[];
  workspaces?: WorkspaceFixture[];
  identities?: IdentityFixture[];
  /**
   * Whether an attach with a user-assigned identity fails when the identity lacks the role
   * assignments Azure documents (Reader, Kubernetes Extension Contributor, Azure Kubernetes
   * Service Cluster Admin Role on the cluster; Azure Relay Owner on the Relay for Arc). Default true.
   */
  enforceIdentityRoles?: boolean;
  /** Seed of the pseudo-random source used for fault injection (default 1). */
  seed?: number;
  /** Directory tenant id (default a fixed GUID). */
  tenantId?: string;
  /** The default client (AZURE_CLIENT_ID / AZURE_CLIENT_SECRET); fixed values by default. */
  clientId?: string;
  clientSecret?: string;
  /** Further service principals. */
  clients?: ClientRegistration[];
  /**
   * Issuers whose tokens the token endpoint accepts as client assertions (workload identity
   * federation), with their signing keys (public JWKs, `kid` set when there are several), as Entra
   * reads them from the issuer's JWKS. An assertion must name one of these issuers (`iss`) and carry
   * a valid signature by one of its keys. Default none: every client assertion is refused.
   */
  federatedIssuers?: FederatedIssuer[];
  /**
   * Bearer token the admin API (`/__emulator/*`) requires. Default a random one per run, shown as
   * `emulator.adminToken` and `AML_K8S_EMULATOR_ADMIN_TOKEN` in `env()`.
   */
  adminToken?: string;
}

/** A federated identity credential, as in Entra: the issuer, the exact subject and the accepted audiences (default api://AzureADTokenExchange). */
export interface FederatedCredential {
  issuer: string;
  subject: string;
  audiences?: string[];
}

/** An OIDC issuer trusted for federated credentials. */
export interface FederatedIssuer {
  /** The `iss` claim, e.g. https://token.actions.githubusercontent.com. */
  issuer: string;
  /** Its public signing keys (RSA or EC JWKs). */
  keys: JsonWebKey[];
}

/** One recorded ARM or identity request (admin requests are not recorded). */
export interface RecordedRequest {
  method: string;
  /** Path without host and query. */
  path: string;
  /** Query string without the leading '?', '' when none. */
  query: string;
  status: number;
  /** ISO time the request arrived. */
  time: string;
  durationMs: number;
  kind: 'arm' | 'identity' | 'kubernetes';
  /** Set when the response was an injected fault. */
  fault?: 'throttle' | 'server-error';
}
