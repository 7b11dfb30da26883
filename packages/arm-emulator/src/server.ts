import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PREFIX, adminAuthorized, handleAdmin, snapshot, type StateSnapshot } from './admin.ts';
import { checkApiVersion } from './api-versions.ts';
import { authorizationRoutes } from './authorization.ts';
import { clusterRoutes, seedCluster } from './clusters.ts';
import { computeRoutes } from './computes.ts';
import { resolveConfig } from './config.ts';
import type { EmulatorContext } from './context.ts';
import { emulatorEnvironment, exportLines } from './environment.ts';
import { extensionRoutes } from './extensions.ts';
import { FaultInjector } from './faults.ts';
import { armError, json, type ArmRequest, type Reply } from './http.ts';
import { authenticate, handleIdentity } from './identity.ts';
import { handleKube, KUBE_PREFIX, kubeconfigText, kubeTarget } from './kubernetes.ts';
import { newGuid } from './random.ts';
import { identityRoutes, seedIdentity } from './managed-identities.ts';
import { relayRoutes } from './relay.ts';
import { resourceGraphRoutes } from './resource-graph.ts';
import { findRoute, splitPath, type Route } from './router.ts';
import { EmulatorState } from './state.ts';
import { SubscriptionThrottle, resolveThrottling } from './throttling.ts';
import { emulatorCertificate } from './tls.ts';
import type { EmulatorOptions, FaultSettings, Fixtures, RecordedRequest } from './types.ts';
import { seedWorkspace, workspaceRoutes } from './workspaces.ts';

/** A running emulator. */
export interface Emulator {
  /** https://127.0.0.1:PORT, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** PEM of the CA certificate clients must trust. */
  readonly ca: string;
  /** Path of a temporary file holding `ca` (for NODE_EXTRA_CA_CERTS); removed by stop(). */
  readonly caFile: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * Bearer token the admin API (`/__emulator/*`, except `GET /__emulator/health`) requires:
   * `Authorization: Bearer <adminToken>`. Also `AML_K8S_EMULATOR_ADMIN_TOKEN` in env(). The methods
   * of this object (state(), requests(), ...) need none.
   */
  readonly adminToken: string;
  /** Environment variables pointing aml-k8s, @azure/identity and Node at the emulator. */
  env(): Record<string, string>;
  /** env() as `export NAME=value` lines. */
  exportLines(): string;
  /** Options for @azure/identity credentials (instance discovery would go to the internet). */
  credentialOptions(): { authorityHost: string; disableInstanceDiscovery: true };
  /** Options for the ARM SDK clients: `$host` builds request URLs, `endpoint` the token scope. */
  clientOptions(): { $host: string; endpoint: string };
  /** Adds (or replaces) cluster and workspace fixtures. */
  seed(fixtures: Fixtures): void;
  /**
   * A kubeconfig (YAML) with one context per emulated cluster, named after the cluster, pointing
   * at its Kubernetes API server in the emulator.
   */
  kubeconfig(): string;
  /** Every ARM, identity and Kubernetes request so far (admin requests excluded). */
  requests(): RecordedRequest[];
  /** Deep copy of the whole state, secrets included. */
  state(): StateSnapshot;
  faults(): FaultSettings;
  setFaults(patch: Partial<FaultSettings>): FaultSettings;
  /**
   * Clears the request log and the issued-token counter; with `all`, also every resource, and
   * restores the startup fixtures and fault settings. Issued tokens stay valid.
   */
  reset(options?: { all?: boolean }): void;
  stop(): Promise<void>;
}

const ROUTES: readonly Route<EmulatorContext>[] = [
  ...clusterRoutes,
  ...workspaceRoutes,
  ...extensionRoutes,
  ...computeRoutes,
  ...relayRoutes,
  ...identityRoutes,
  ...resourceGraphRoutes,
  // Last: its patterns start with a catch-all scope.
  ...authorizationRoutes,
];

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const WRITE_METHODS = new Set(['PUT', 'PATCH', 'DELETE', 'POST']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RangeError('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

function subscriptionOf(path: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const config = resolveConfig(options);
  const state = new EmulatorState();
  const initialFaults: Partial<FaultSettings> = { ...(options.faults ?? {}) };
  let faults = new FaultInjector(initialFaults, config.seed);
  const ctx: EmulatorContext = {
    config,
    state,
    get faults() {
      return faults;
    },
    now: () => Date.now(),
  };
  // ARM's token buckets per subscription (Azure's sizes unless options.throttling says otherwise).
  const throttle = options.throttling === false ? undefined : new SubscriptionThrottle(resolveThrottling(options.throttling));

  const seed = (fixtures: Fixtures): void => {
    const now = ctx.now();
    for (const c of fixtures.clusters ?? []) seedCluster(state, c, now);
    for (const w of fixtures.workspaces ?? []) seedWorkspace(state, w, now);
    for (const i of fixtures.identities ?? []) seedIdentity(state, i, now);
  };
  const startupFixtures = (): Fixtures => ({ clusters: options.clusters ?? [], workspaces: options.workspaces ?? [], identities: options.identities ?? [] });
  seed(startupFixtures());

  const certificate = await emulatorCertificate();
  const caDir = await mkdtemp(join(tmpdir(), 'aml-k8s-emulator-'));
  const caFile = join(caDir, 'ca.pem');
  await writeFile(caFile, certificate.ca, { mode: 0o600 });

  let port = 0;

  function write(res: ServerResponse, reply: Reply, extra: Record<string, string>): void {
    const headers: Record<string, string> = { ...extra, ...(reply.headers ?? {}) };
    let payload: string | undefined;
    if (reply.body !== undefined && reply.status !== 204) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    headers['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  function armHeaders(method: string, path: string): Record<string, string> {
    const requestId = newGuid();
    const headers: Record<string, string> = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': requestId };
    const sub = subscriptionOf(path);
    if (sub && throttle) {
      const [name, value] = throttle.header(sub, method, ctx.now());
      headers[name] = value;
    }
    return headers;
  }

  async function dispatchArm(req: IncomingMessage, path: string, query: URLSearchParams, rawBody: string, origin: string): Promise<{ reply: Reply; fault?: 'throttle' | 'server-error' }> {
    const method = (req.method ?? 'GET').toUpperCase();
    const auth = authenticate(req.headers.authorization, origin, ctx);
    if (!auth.ok) return { reply: auth.reply };
    const sub = subscriptionOf(path);
    if (sub && throttle) {
      const decision = throttle.admit(sub, method, ctx.now());
      if (!decision.allowed) {
        return {
          reply: armError(
            429,
            'TooManyRequests',
            `Number of '${decision.kind === 'reads' ? 'read' : decision.kind === 'writes' ? 'write' : 'delete'}' requests for subscription '${sub}' actor '${auth.clientId}' exceeded. Please try again after '${decision.retryAfterSeconds}' seconds after the last request.`,
            undefined,
            { 'retry-after': String(decision.retryAfterSeconds) },
          ),
        };
      }
    }
    const fault = faults.decide(method);
    if (fault) return { reply: fault.reply, fault: fault.kind };
    const parsed = parseJson(rawBody);
    if (!parsed.ok) return { reply: armError(400, 'InvalidRequestContent', 'The request content is not valid JSON and could not be deserialized.') };
    const segments = splitPath(path);
    const match = findRoute(ROUTES, method, segments);
    if (match === 'method-not-allowed') {
      return { reply: armError(405, 'MethodNotAllowed', `The resource does not support the HTTP method '${method}'.`) };
    }
    if (!match) return { reply: armError(404, 'NotFound', `The emulator does not serve ${method} ${path}.`) };
    const versionError = checkApiVersion(match.route.apiVersions, query.get('api-version'), match.route.resourceType);
    if (versionError) return { reply: versionError };
    if (WRITE_METHODS.has(method) && method !== 'POST' && ctx.config.clients.get(auth.clientId.toLowerCase())?.readOnly) {
      // Azure's wording (ARM RBAC): the action is the resource type's write or delete operation.
      const action = `${match.route.resourceType}/${method === 'DELETE' ? 'delete' : 'write'}`;
      return { reply: armError(403, 'AuthorizationFailed', `The client '${auth.clientId}' with object id '${auth.clientId}' does not have authorization to perform action '${action}' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`) };
    }
    const client = ctx.config.clients.get(auth.clientId.toLowerCase());
    if (client?.deny?.length) {
      const action = `${match.route.resourceType}/${({ GET: 'read', DELETE: 'delete', POST: 'action' } as Record<string, string>)[method] ?? 'write'}`;
      const at = path.toLowerCase().replace(/\/+$/, '');
      const denied = client.deny.some((d) => {
        const scope = d.scope.toLowerCase().replace(/\/+$/, '');
        return d.action.toLowerCase() === action.toLowerCase() && (at === scope || at.startsWith(`${scope}/`));
      });
      if (denied) {
        return { reply: armError(403, 'AuthorizationFailed', `The client '${auth.clientId}' with object id '${auth.clientId}' does not have authorization to perform action '${action}' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`) };
      }
    }
    const armReq: ArmRequest = { method, path, segments, query, headers: req.headers, body: parsed.value, rawBody, origin, caller: auth.clientId };
    return { reply: await match.route.handle(armReq, match.params, ctx) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'https://emulator.invalid');
    const path = url.pathname;
    const origin = `https://${req.headers.host ?? `127.0.0.1:${port}`}`;
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      write(res, armError(413, 'RequestEntityTooLarge', 'The request body is too large.'), {});
      return;
    }

    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      state.operations.settle(ctx.now());
      const parsed = parseJson(rawBody);
      if (!adminAuthorized(method, path, req.headers.authorization, config.adminToken)) {
        write(res, armError(401, 'AuthenticationFailed', "The admin API needs 'Authorization: Bearer <admin token>' (AML_K8S_EMULATOR_ADMIN_TOKEN in the emulator's environment).", undefined, { 'www-authenticate': 'Bearer realm="aml-k8s-emulator-admin"' }), {});
        return;
      }
      const reply = parsed.ok ? handleAdmin(method, path, url.searchParams, parsed.value, control) : armError(400, 'BadRequest', 'The body is not valid JSON.');
      write(res, reply, {});
      return;
    }

    state.operations.settle(ctx.now());
    if (path.startsWith(`${KUBE_PREFIX}/`)) {
      const target = kubeTarget(path, ctx);
      const reply = target
        ? handleKube({ method, segments: target.segments, query: url.searchParams, contentType: String(req.headers['content-type'] ?? ''), rawBody, authorization: req.headers.authorization }, target.cluster, ctx)
        : json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', message: `no emulated cluster at ${path}`, code: 404 });
      write(res, reply, {});
      state.requests.push({ method, path, query: url.search.replace(/^\?/, ''), status: reply.status, time: new Date(started).toISOString(), durationMs: Date.now() - started, kind: 'kubernetes' });
      return;
    }
    const identity = handleIdentity({ method, path, rawBody, origin, authorization: req.headers.authorization }, ctx);
    let reply: Reply;
    let fault: 'throttle' | 'server-error' | undefined;
    let kind: RecordedRequest['kind'];
    let headers: Record<string, string>;
    if (identity) {
      reply = identity;
      kind = 'identity';
      headers = { 'x-ms-request-id': newGuid() };
    } else {
      kind = 'arm';
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      state.operations.settle(ctx.now());
      try {
        ({ reply, fault } = await dispatchArm(req, path, url.searchParams, rawBody, origin));
      } catch (e) {
        reply = armError(500, 'InternalServerError', `The emulator failed to handle the request: ${e instanceof Error ? e.message : String(e)}`);
      }
      headers = armHeaders(method, path);
    }
    write(res, reply, headers);
    state.requests.push({
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      status: reply.status,
      time: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      kind,
      ...(fault ? { fault } : {}),
    });
  }

  const control = {
    state: (): StateSnapshot => {
      state.operations.settle(ctx.now());
      return snapshot(state, faults.settings(), ctx.now());
    },
    requests: (): RecordedRequest[] => state.requests.map((r) => ({ ...r })),
    faults: (): FaultSettings => faults.settings(),
    setFaults: (patch: Partial<FaultSettings>): FaultSettings => faults.update(patch),
    reset: (opts: { all?: boolean } = {}): void => {
      state.requests.length = 0;
      state.tokensIssued = 0;
      if (opts.all) {
        const tokens = new Map(state.tokens);
        state.clearAll();
        for (const [k, v] of tokens) state.tokens.set(k, v);
        throttle?.reset();
        faults = new FaultInjector(initialFaults, config.seed);
        seed(startupFixtures());
      }
    },
    seed,
  };

  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) write(res, armError(500, 'InternalServerError', e instanceof Error ? e.message : String(e)), {});
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  let stopped: Promise<void> | undefined;
  const emulator: Emulator = {
    url,
    port,
    ca: certificate.ca,
    caFile,
    tenantId: config.tenantId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    adminToken: config.adminToken,
    env: () => emulatorEnvironment({ url, caFile, tenantId: config.tenantId, clientId: config.clientId, clientSecret: config.clientSecret, adminToken: config.adminToken }),
    exportLines: () => exportLines(emulator.env()),
    credentialOptions: () => ({ authorityHost: url, disableInstanceDiscovery: true }),
    clientOptions: () => ({ $host: url, endpoint: url }),
    seed: control.seed,
    kubeconfig: () => kubeconfigText(state, url, certificate.ca, config.kubeToken),
    requests: control.requests,
    state: control.state,
    faults: control.faults,
    setFaults: control.setFaults,
    reset: (opts) => control.reset(opts ?? {}),
    stop: () => {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(caDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
  return emulator;
}
