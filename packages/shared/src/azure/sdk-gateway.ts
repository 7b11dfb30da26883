// AzureGateway on the real Azure SDK clients. Long-running operations are awaited with the SDK's
// pollers (which honour Retry-After); throttling and server errors are retried by its pipeline.
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { Extension, PatchExtension, SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { ComputeResource, Kubernetes } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import { ServiceClient } from '@azure/core-client';
import { createDefaultHttpClient, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { HttpClient, HttpMethods, PipelinePolicy } from '@azure/core-rest-pipeline';
import type { RelayRequirement } from '../desire/desired-state.ts';
import { SecretValue } from '../secrets/secret-value.ts';
import type { ClusterFacts } from '../model/facts.ts';
import type { ClusterRef } from '../model/types.ts';
import { clusterResourceId } from '../model/resource-ids.ts';
import { DEFAULT_PRINCIPAL_REPLICATION_TIMEOUT_MS, DEFAULT_RELAY_ACTIVATION_TIMEOUT_MS } from './arm-config.ts';
import type { ArmConfig } from './arm-config.ts';
import { ArmPacer, armPacingPolicy, AZURE_ARM_PACING } from './arm-pacing.ts';
import { SharedTokenCredential } from './shared-token.ts';
import { staleConnectionRetryPolicy } from './stale-connection.ts';
import { AzureError, isTerminal } from './gateway.ts';
import { interrupted, sleep } from './sleep.ts';
import type { AzureGateway, ComputeRef, ExtensionRef, ListedExtension, ListedWorkspace, ObservedCompute, ObservedExtension, ObservedRoleAssignment, OperationKind, OperationOptions, RelayConnectionInfo, RoleAssignmentToCreate } from './gateway.ts';
import { CLUSTER_PROVIDERS } from '../model/resource-ids.ts';

const CLUSTER_API = { aks: '2024-02-01', arc: '2024-01-01' } as const;
const WORKSPACE_API = '2024-04-01';
const RELAY_API = '2021-11-01';
const IDENTITY_API = '2023-01-31';
const WORKSPACE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/?$/i;

interface Poller<T> {
  onProgress(cb: (state: unknown) => void): unknown;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

function errorOf(err: unknown): AzureError {
  if (err instanceof AzureError) return err;
  const e = err as { message?: string; code?: string; statusCode?: number; name?: string };
  if (e?.name === 'AbortError') return interrupted();
  return new AzureError(e?.message ?? String(err), e?.code ?? 'Unknown', e?.statusCode);
}

/** The authorization SDK builds `{$host}/{scope}/...`: it takes scopes without the leading "/". */
const sdkScope = (scope: string): string => scope.replace(/^\/+/, '');

const subscriptionOf = (scope: string): string => /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '00000000-0000-0000-0000-000000000000';

const notFound = (err: unknown): boolean => (err as { statusCode?: number })?.statusCode === 404;

const minutes = (ms: number): string => (ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 1000)} s`);

/** What a role assignment's progress says while Entra ID has not replicated a new identity. */
export const REPLICATION_WAIT_STATE = 'waiting for the identity to replicate in Entra ID';

function observeExtension(e: Extension): ObservedExtension {
  const o: ObservedExtension = { id: e.id ?? '', configurationSettings: e.configurationSettings ?? {} };
  if (e.provisioningState) o.provisioningState = e.provisioningState;
  if (e.version) o.version = e.version;
  if (e.currentVersion) o.currentVersion = e.currentVersion;
  if (e.releaseTrain) o.releaseTrain = e.releaseTrain;
  if (e.autoUpgradeMinorVersion !== undefined) o.autoUpgradeMinorVersion = e.autoUpgradeMinorVersion;
  if (e.errorInfo && (e.errorInfo.code || e.errorInfo.message)) o.errorInfo = { ...(e.errorInfo.code ? { code: e.errorInfo.code } : {}), ...(e.errorInfo.message ? { message: e.errorInfo.message } : {}) };
  if (e.statuses?.length) o.statuses = e.statuses.map((s) => ({ ...(s.code ? { code: s.code } : {}), ...(s.level ? { level: s.level } : {}), ...(s.message ? { message: s.message } : {}) }));
  return o;
}

function observeCompute(c: ComputeResource): ObservedCompute {
  const p = (c.properties ?? {}) as Kubernetes;
  const k = p.properties ?? {};
  const uai = Object.keys(c.identity?.userAssignedIdentities ?? {})[0];
  const o: ObservedCompute = {
    id: c.id ?? '',
    provisioningErrors: (p.provisioningErrors ?? []).map((e) => e.error?.message ?? e.error?.code ?? 'unknown error'),
    tags: c.tags ?? {},
  };
  if (c.location) o.location = c.location;
  if (p.provisioningState) o.provisioningState = p.provisioningState;
  if (p.resourceId) o.resourceId = p.resourceId;
  o.namespace = k.namespace ?? 'default';
  if (c.identity?.type) o.identityType = c.identity.type;
  if (uai) o.userAssignedIdentity = uai;
  if (k.instanceTypes) o.instanceTypes = k.instanceTypes as Record<string, unknown>;
  if (k.defaultInstanceType) o.defaultInstanceType = k.defaultInstanceType;
  return o;
}

/**
 * The SDK packages are CommonJS: Node's loader gives their exports as named ones (and the whole
 * object as `default`), while the Action's bundle gives only `default`. Either way, the exports.
 */
async function loadCommonJs<T extends object>(load: () => Promise<T>): Promise<T> {
  const loaded = (await load()) as T & { default?: T };
  return loaded.default ?? loaded;
}

export class SdkAzureGateway implements AzureGateway {
  readonly #credential: TokenCredential;
  readonly #config: ArmConfig;
  readonly #extensions = new Map<string, SourceControlConfigurationClient>();
  readonly #ml = new Map<string, AzureMachineLearningWorkspaces>();
  readonly #authorization = new Map<string, AuthorizationManagementClient>();
  readonly #raw: ServiceClient;
  /** One connection pool for every client: fewer TLS handshakes with ARM. */
  readonly #http: HttpClient = createDefaultHttpClient();
  /** Pipeline options every client shares: retries, the connection pool, and one pacer per gateway. */
  readonly #pipeline: { retryOptions: ArmConfig['retry']; httpClient: HttpClient; additionalPolicies: { policy: PipelinePolicy; position: 'perRetry' }[] };

  constructor(credential: TokenCredential, config: ArmConfig) {
    credential = new SharedTokenCredential(credential);
    this.#credential = credential;
    this.#config = config;
    // Pacing sits after the retry policy (perRetry), so retried 429s are paced as well.
    const pacing = config.pacing === false ? [] : [{ policy: armPacingPolicy(config.pacing instanceof ArmPacer ? config.pacing : new ArmPacer(config.pacing ?? AZURE_ARM_PACING)), position: 'perRetry' as const }];
    // The stale-connection retry comes first, so that a request sent again is paced again.
    this.#pipeline = { retryOptions: config.retry, httpClient: this.#http, additionalPolicies: [{ policy: staleConnectionRetryPolicy(), position: 'perRetry' as const }, ...pacing] };
    this.#raw = new ServiceClient({ credential, credentialScopes: `${config.endpoint}/.default`, endpoint: config.endpoint, ...this.#pipeline });
  }

  #clientOptions() {
    return { $host: this.#config.endpoint, endpoint: this.#config.endpoint, ...this.#pipeline };
  }

  // The SDK clients are loaded on first use: each weighs tens of MiB, and a process that needs
  // only some of them (the Backstage status refresh reads extensions only) should not hold the rest.
  async #extensionClient(subscriptionId: string): Promise<SourceControlConfigurationClient> {
    let c = this.#extensions.get(subscriptionId);
    if (!c) {
      const { SourceControlConfigurationClient } = await loadCommonJs(() => import('@azure/arm-kubernetesconfiguration'));
      c = this.#extensions.get(subscriptionId) ?? new SourceControlConfigurationClient(this.#credential, subscriptionId, this.#clientOptions());
      this.#extensions.set(subscriptionId, c);
    }
    return c;
  }

  async #mlClient(subscriptionId: string): Promise<AzureMachineLearningWorkspaces> {
    let c = this.#ml.get(subscriptionId);
    if (!c) {
      const { AzureMachineLearningWorkspaces } = await loadCommonJs(() => import('@azure/arm-machinelearning'));
      c = this.#ml.get(subscriptionId) ?? new AzureMachineLearningWorkspaces(this.#credential, subscriptionId, this.#clientOptions());
      this.#ml.set(subscriptionId, c);
    }
    return c;
  }

  async #authorizationClient(subscriptionId: string): Promise<AuthorizationManagementClient> {
    let c = this.#authorization.get(subscriptionId);
    if (!c) {
      const { AuthorizationManagementClient } = await loadCommonJs(() => import('@azure/arm-authorization'));
      c = this.#authorization.get(subscriptionId) ?? new AuthorizationManagementClient(this.#credential, subscriptionId, this.#clientOptions());
      this.#authorization.set(subscriptionId, c);
    }
    return c;
  }

  async #request(method: HttpMethods, path: string, apiVersion: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
    const request = createPipelineRequest({ url: `${this.#config.endpoint}${path}?api-version=${apiVersion}`, method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (body !== undefined) request.headers.set('content-type', 'application/json');
    const response = await this.#raw.sendRequest(request);
    const parsed = response.bodyAsText ? (JSON.parse(response.bodyAsText) as Record<string, unknown>) : undefined;
    if (response.status >= 400 && response.status !== 404) {
      const error = (parsed?.error ?? {}) as { code?: string; message?: string };
      throw new AzureError(`${method} ${path}: ${error.message ?? `HTTP ${response.status}`}`, error.code ?? `Http${response.status}`, response.status);
    }
    return { status: response.status, body: parsed };
  }

  async #lro<T>(resource: string, operation: OperationKind, options: OperationOptions, begin: () => Promise<Poller<T>>): Promise<T> {
    const started = Date.now();
    const report = (state: string): void => options.onProgress?.({ resource, operation, state, elapsedMs: Date.now() - started });
    report('started');
    const poller = await begin();
    poller.onProgress((s) => report(String((s as { status?: string })?.status ?? 'running')));
    return poller.pollUntilDone(options.signal ? { abortSignal: options.signal } : {});
  }

  async getCluster(cluster: ClusterRef): Promise<ClusterFacts | undefined> {
    const id = clusterResourceId(cluster);
    const r = await this.#request('GET', id, CLUSTER_API[cluster.type]);
    if (r.status === 404 || !r.body) return undefined;
    const props = (r.body.properties ?? {}) as Record<string, unknown>;
    const facts: ClusterFacts = { id, type: cluster.type, location: String(r.body.location ?? '').toLowerCase().replace(/\s+/g, '') };
    if (typeof props.kubernetesVersion === 'string') facts.kubernetesVersion = props.kubernetesVersion;
    if (cluster.type === 'aks') {
      const pools = (props.agentPoolProfiles ?? []) as { count?: number }[];
      facts.nodeCount = pools.reduce((n, p) => n + (p.count ?? 0), 0);
      facts.distribution = 'aks';
      const identity = (r.body.identity ?? {}) as { type?: string };
      const sp = (props.servicePrincipalProfile ?? {}) as { clientId?: string };
      facts.identityType = identity.type === 'UserAssigned' ? 'UserAssigned' : identity.type === 'SystemAssigned' ? 'SystemAssigned' : sp.clientId && sp.clientId !== 'msi' ? 'ServicePrincipal' : 'SystemAssigned';
      if (typeof props.disableLocalAccounts === 'boolean') facts.localAccountsDisabled = props.disableLocalAccounts;
      const access = (props.apiServerAccessProfile ?? {}) as { authorizedIPRanges?: string[] };
      if (access.authorizedIPRanges) facts.authorizedIpRanges = access.authorizedIPRanges;
    } else {
      if (typeof props.totalNodeCount === 'number') facts.nodeCount = props.totalNodeCount;
      if (typeof props.distribution === 'string') facts.distribution = props.distribution;
    }
    return facts;
  }

  async getWorkspaceLocation(subscriptionId: string, resourceGroup: string, workspaceName: string): Promise<string | undefined> {
    const r = await this.#request('GET', `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspaceName}`, WORKSPACE_API);
    return r.status === 404 ? undefined : (r.body?.location as string | undefined);
  }

  async getExtension(ref: ExtensionRef): Promise<ObservedExtension | undefined> {
    try {
      return observeExtension(await (await this.#extensionClient(ref.subscriptionId)).extensions.get(ref.resourceGroup, ref.clusterRp, ref.clusterResourceName, ref.clusterName, ref.name));
    } catch (err) {
      if (notFound(err)) return undefined;
      throw errorOf(err);
    }
  }

  /** Runs an extension operation; a failed operation is returned as the extension in its Failed state. */
  async #extensionOperation(ref: ExtensionRef, operation: OperationKind, options: OperationOptions, begin: () => Promise<Poller<Extension>>): Promise<ObservedExtension> {
    let poller: Poller<Extension>;
    try {
      poller = await begin();
    } catch (err) {
      throw errorOf(err);
    }
    try {
      return observeExtension(await this.#lro(ref.name, operation, options, async () => poller));
    } catch (err) {
      if (options.signal?.aborted) throw errorOf(err);
      const now = await this.getExtension(ref);
      if (now && isTerminal(now.provisioningState)) return now;
      throw errorOf(err);
    }
  }

  async createExtension(ref: ExtensionRef, body: Extension, options: OperationOptions = {}): Promise<ObservedExtension> {
    const c = (await this.#extensionClient(ref.subscriptionId)).extensions;
    return this.#extensionOperation(ref, 'install', options, () => c.beginCreate(ref.resourceGroup, ref.clusterRp, ref.clusterResourceName, ref.clusterName, ref.name, body, { updateIntervalInMs: this.#config.pollIntervalMs }));
  }

  async updateExtension(ref: ExtensionRef, patch: PatchExtension, options: OperationOptions = {}): Promise<ObservedExtension> {
    const c = (await this.#extensionClient(ref.subscriptionId)).extensions;
    return this.#extensionOperation(ref, 'update', options, () => c.beginUpdate(ref.resourceGroup, ref.clusterRp, ref.clusterResourceName, ref.clusterName, ref.name, patch, { updateIntervalInMs: this.#config.pollIntervalMs }));
  }

  async deleteExtension(ref: ExtensionRef, force: boolean, options: OperationOptions = {}): Promise<void> {
    const c = (await this.#extensionClient(ref.subscriptionId)).extensions;
    try {
      await this.#lro(ref.name, 'uninstall', options, () => c.beginDelete(ref.resourceGroup, ref.clusterRp, ref.clusterResourceName, ref.clusterName, ref.name, { forceDelete: force, updateIntervalInMs: this.#config.pollIntervalMs }));
    } catch (err) {
      if (!notFound(err)) throw errorOf(err);
    }
  }

  async waitForExtension(ref: ExtensionRef, options: OperationOptions = {}): Promise<ObservedExtension | undefined> {
    const started = Date.now();
    for (;;) {
      const now = await this.getExtension(ref);
      if (!now || isTerminal(now.provisioningState)) return now;
      options.onProgress?.({ resource: ref.name, operation: 'wait', state: now.provisioningState ?? 'unknown', elapsedMs: Date.now() - started });
      await sleep(this.#config.pollIntervalMs, options.signal);
    }
  }

  async getCompute(ref: ComputeRef): Promise<ObservedCompute | undefined> {
    try {
      return observeCompute(await (await this.#mlClient(ref.subscriptionId)).computeOperations.get(ref.resourceGroup, ref.workspaceName, ref.name));
    } catch (err) {
      if (notFound(err)) return undefined;
      throw errorOf(err);
    }
  }

  async listComputes(subscriptionId: string, resourceGroup: string, workspaceName: string): Promise<ObservedCompute[]> {
    const out: ObservedCompute[] = [];
    try {
      for await (const c of (await this.#mlClient(subscriptionId)).computeOperations.list(resourceGroup, workspaceName)) out.push(observeCompute(c));
    } catch (err) {
      if (notFound(err)) return [];
      throw errorOf(err);
    }
    return out;
  }

  async attachCompute(ref: ComputeRef, body: ComputeResource, options: OperationOptions = {}): Promise<ObservedCompute> {
    const c = (await this.#mlClient(ref.subscriptionId)).computeOperations;
    let attached: ComputeResource;
    try {
      attached = await this.#lro(ref.name, 'attach', options, () => c.beginCreateOrUpdate(ref.resourceGroup, ref.workspaceName, ref.name, body, { updateIntervalInMs: this.#config.pollIntervalMs }));
    } catch (err) {
      if (options.signal?.aborted) throw errorOf(err);
      const now = await this.getCompute(ref);
      if (now && isTerminal(now.provisioningState)) return now;
      throw errorOf(err);
    }
    // The operation's result is the compute as Azure has it once done: read again only if it is not final.
    const result = attached?.id ? observeCompute(attached) : undefined;
    if (result?.provisioningState && isTerminal(result.provisioningState)) return result;
    const now = await this.getCompute(ref);
    if (!now) throw new AzureError(`compute ${ref.name} is missing after attach`, 'NotFound', 404);
    return now;
  }

  async detachCompute(ref: ComputeRef, options: OperationOptions = {}): Promise<void> {
    const c = (await this.#mlClient(ref.subscriptionId)).computeOperations;
    try {
      await this.#lro(ref.name, 'detach', options, () => c.beginDelete(ref.resourceGroup, ref.workspaceName, ref.name, 'Detach', { updateIntervalInMs: this.#config.pollIntervalMs }));
    } catch (err) {
      if (!notFound(err)) throw errorOf(err);
    }
  }

  async listExtensions(cluster: ClusterRef): Promise<ListedExtension[]> {
    const { rp, resourceName } = CLUSTER_PROVIDERS[cluster.type];
    const out: ListedExtension[] = [];
    try {
      for await (const e of (await this.#extensionClient(cluster.subscriptionId)).extensions.list(cluster.resourceGroup, rp, resourceName, cluster.name)) {
        out.push({ ...observeExtension(e), name: e.name ?? '', extensionType: e.extensionType ?? '' });
      }
    } catch (err) {
      if (notFound(err)) return [];
      throw errorOf(err);
    }
    return out;
  }

  async listWorkspaces(subscriptionId: string): Promise<ListedWorkspace[]> {
    const out: ListedWorkspace[] = [];
    try {
      for await (const w of (await this.#mlClient(subscriptionId)).workspaces.listBySubscription()) {
        const m = WORKSPACE_ID.exec(w.id ?? '');
        if (m) out.push({ id: w.id!, subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! });
      }
    } catch (err) {
      // No workspace can exist where the provider was never registered.
      if ((err as { code?: string })?.code === 'MissingSubscriptionRegistration') return [];
      throw errorOf(err);
    }
    return out;
  }

  async getIdentityPrincipal(identityId: string): Promise<string | undefined> {
    const r = await this.#request('GET', identityId, IDENTITY_API);
    if (r.status === 404) return undefined;
    const principal = (r.body?.properties as { principalId?: string } | undefined)?.principalId;
    return typeof principal === 'string' ? principal : undefined;
  }

  async listRoleAssignments(scope: string, principalId: string): Promise<ObservedRoleAssignment[]> {
    const out: ObservedRoleAssignment[] = [];
    try {
      for await (const a of (await this.#authorizationClient(subscriptionOf(scope))).roleAssignments.listForScope(sdkScope(scope), { filter: `principalId eq '${principalId}'` })) {
        out.push({ id: a.id ?? '', roleDefinitionId: a.roleDefinitionId ?? '', principalId: a.principalId ?? '', scope: a.scope ?? '' });
      }
    } catch (err) {
      if (notFound(err)) return [];
      throw errorOf(err);
    }
    return out;
  }

  /**
   * Creates a role assignment. A principal Entra ID has not replicated yet (a user-assigned identity
   * created minutes ago) makes Azure answer 400 PrincipalNotFound: that is retried, with progress,
   * for up to principalReplicationTimeoutMs (default 5 minutes), then reported with the reason.
   */
  async createRoleAssignment(assignment: RoleAssignmentToCreate, options: OperationOptions = {}): Promise<void> {
    const started = Date.now();
    const resource = assignment.name;
    const timeoutMs = this.#config.principalReplicationTimeoutMs ?? DEFAULT_PRINCIPAL_REPLICATION_TIMEOUT_MS;
    options.onProgress?.({ resource, operation: 'role-assignment', state: 'started', elapsedMs: 0 });
    for (;;) {
      try {
        await (await this.#authorizationClient(subscriptionOf(assignment.scope))).roleAssignments.create(
          sdkScope(assignment.scope),
          assignment.name,
          {
            roleDefinitionId: assignment.roleDefinitionId,
            principalId: assignment.principalId,
            // A managed identity: saying so spares Azure the directory lookup that fails for new identities.
            principalType: 'ServicePrincipal',
            ...(assignment.description ? { description: assignment.description } : {}),
          },
          options.signal ? { abortSignal: options.signal } : {},
        );
        break;
      } catch (err) {
        const code = (err as { code?: string })?.code;
        if (code === 'RoleAssignmentExists') break;
        if (code !== 'PrincipalNotFound' || options.signal?.aborted) throw errorOf(err);
        const elapsedMs = Date.now() - started;
        if (elapsedMs >= timeoutMs) {
          throw new AzureError(
            `Entra ID still does not know principal ${assignment.principalId} after ${minutes(elapsedMs)} of retries (a new identity replicates within minutes, usually): ${errorOf(err).message}`,
            'PrincipalNotFound',
            400,
            { remedy: `check that the identity exists and its principal ID is ${assignment.principalId}, then apply again (or allow longer with AML_K8S_PRINCIPAL_REPLICATION_TIMEOUT_MS)` },
          );
        }
        options.onProgress?.({ resource, operation: 'role-assignment', state: REPLICATION_WAIT_STATE, elapsedMs });
        await sleep(this.#config.pollIntervalMs, options.signal);
      }
    }
    options.onProgress?.({ resource, operation: 'role-assignment', state: 'Succeeded', elapsedMs: Date.now() - started });
  }

  /** A Relay write; unlike reads, a 404 is an error (e.g. the namespace is not active yet). */
  async #relayWrite(method: HttpMethods, path: string, body?: unknown): Promise<Record<string, unknown> | undefined> {
    const r = await this.#request(method, path, RELAY_API, body);
    if (r.status === 404) {
      const error = (r.body?.error ?? {}) as { code?: string; message?: string };
      throw new AzureError(`${method} ${path}: ${error.message ?? 'HTTP 404'}`, error.code ?? 'NotFound', 404);
    }
    return r.body;
  }

  /**
   * Waits for a Relay namespace to be usable. Its creation is a long-running operation: the PUT
   * answers 201 with provisioningState Created, and entities can be created in it only once it
   * reads Succeeded (status Active).
   */
  async #waitForRelayNamespace(relay: RelayRequirement, ns: string, created: Record<string, unknown> | undefined, started: number, options: OperationOptions): Promise<void> {
    const timeoutMs = this.#config.relayActivationTimeoutMs ?? DEFAULT_RELAY_ACTIVATION_TIMEOUT_MS;
    const waitStarted = Date.now();
    let body = created;
    for (;;) {
      const props = (body?.properties ?? {}) as { provisioningState?: string; status?: string };
      const state = props.provisioningState ?? 'unknown';
      if (state.toLowerCase() === 'succeeded') return;
      if (isTerminal(state)) throw new AzureError(`the Relay namespace ${relay.namespaceName} ended in state ${state}`, 'RelayNamespaceFailed');
      if (Date.now() - waitStarted >= timeoutMs) {
        throw new AzureError(`the Relay namespace ${relay.namespaceName} is still ${state} after ${minutes(Date.now() - waitStarted)}`, 'RelayNamespaceNotActive', undefined, {
          remedy: 'apply again later: the next run waits for the namespace and goes on from there',
        });
      }
      options.onProgress?.({ resource: relay.namespaceName, operation: 'relay', state: props.status ? `${state} (${props.status})` : state, elapsedMs: Date.now() - started });
      await sleep(this.#config.pollIntervalMs, options.signal);
      const now = await this.#request('GET', ns, RELAY_API);
      if (now.status === 404) throw new AzureError(`the Relay namespace ${relay.namespaceName} disappeared while it was being created`, 'NotFound', 404);
      body = now.body;
    }
  }

  async ensureRelay(relay: RelayRequirement, options: OperationOptions = {}): Promise<RelayConnectionInfo> {
    const started = Date.now();
    options.onProgress?.({ resource: relay.namespaceName, operation: 'relay', state: 'started', elapsedMs: 0 });
    const ns = `/subscriptions/${relay.subscriptionId}/resourceGroups/${relay.resourceGroup}/providers/Microsoft.Relay/namespaces/${relay.namespaceName}`;
    const hc = `${ns}/hybridConnections/${relay.hybridConnectionName}`;
    const existing = await this.#request('GET', hc, RELAY_API);
    if (existing.status === 404) {
      if (!relay.location) throw new AzureError('the Relay needs the cluster location', 'MissingLocation');
      // Idempotent: a namespace an interrupted run created answers 200 with its current state.
      const created = await this.#relayWrite('PUT', ns, { location: relay.location, tags: relay.tags, sku: { name: 'Standard', tier: 'Standard' } });
      await this.#waitForRelayNamespace(relay, ns, created, started, options);
      await this.#relayWrite('PUT', hc, { properties: { requiresClientAuthorization: true } });
    }
    const rule = `${hc}/authorizationRules/${relay.authorizationRuleName}`;
    await this.#relayWrite('PUT', rule, { properties: { rights: relay.rights } });
    const keys = await this.#relayWrite('POST', `${rule}/listKeys`);
    const connection = keys?.primaryConnectionString;
    if (typeof connection !== 'string') throw new AzureError('the Relay returned no connection string', 'RelayKeys');
    options.onProgress?.({ resource: relay.namespaceName, operation: 'relay', state: 'Succeeded', elapsedMs: Date.now() - started });
    return { connectionString: SecretValue.of('relayServerConnectionString', connection), hybridConnectionResourceId: relay.hybridConnectionId, hybridConnectionName: relay.hybridConnectionName };
  }
}
