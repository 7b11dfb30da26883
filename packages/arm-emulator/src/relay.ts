import { RELAY_API_VERSIONS } from './api-versions.ts';
import type { EmulatorContext } from './context.ts';
import { armError, isRecord, isReply, json, noContent, nowIso, type ArmRequest, type Reply } from './http.ts';
import { newSecret } from './random.ts';
import type { Params, Route } from './router.ts';
import { keyOf, type HybridConnectionRecord, type RelayNamespaceRecord, type RelayRuleRecord } from './state.ts';

/**
 * Azure Relay, as far as an Arc install of the AzureML extension needs it: a namespace, a hybrid
 * connection named after the cluster, an authorization rule and its keys (the connection string
 * goes into the extension's protected settings).
 *
 * Namespace creation is a long-running operation, as in Azure (Namespaces_CreateOrUpdate is
 * `x-ms-long-running-operation` in the 2021-11-01 spec; its example RelayNameSpaceCreate.json
 * answers 201 with provisioningState "Created"): the namespace reads Created until
 * relayActivationTimeMs has passed, then Succeeded. Its `status` (Activating, then Active) is
 * assumed from the Service Bus family's namespace states; the spec leaves both fields free-form.
 * Entities cannot be made in a namespace that is not active yet (see notActive).
 */

const PROVIDER = 'Microsoft.Relay';
const NAMESPACE_NAME = /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/;
const RIGHTS = new Map([
  ['listen', 'Listen'],
  ['send', 'Send'],
  ['manage', 'Manage'],
]);

function namespaceId(p: Params): string {
  return `/subscriptions/${p['sub']}/resourceGroups/${p['rg']}/providers/${PROVIDER}/namespaces/${p['ns']}`;
}

function notFound(what: string): Reply {
  return armError(404, 'NotFound', `${what} does not exist.`);
}

const isActive = (n: RelayNamespaceRecord, now: number): boolean => now >= n.activeAt;

function renderNamespace(n: RelayNamespaceRecord, now: number): Record<string, unknown> {
  const active = isActive(n, now);
  return {
    id: n.id,
    name: n.name,
    type: `${PROVIDER}/Namespaces`,
    location: n.location,
    sku: n.sku,
    tags: n.tags,
    properties: {
      provisioningState: active ? 'Succeeded' : 'Created',
      status: active ? 'Active' : 'Activating',
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
      serviceBusEndpoint: `https://${n.name.toLowerCase()}.servicebus.windows.net:443/`,
      metricId: `${n.id.split('/')[2]}:${n.name.toLowerCase()}`,
    },
  };
}

/**
 * A namespace still activating refuses its entities. Wording and code from the same messaging
 * resource provider family (Event Hubs namespaces, mspnp/serverless-reference-implementation#30:
 * code "NotFound", "The namespace … in subscription … is not active, its current state is
 * Created."); the HTTP status 404 is assumed from the code, not observed.
 */
function notActive(n: RelayNamespaceRecord, subscriptionId: string): Reply {
  return armError(404, 'NotFound', `The namespace ${n.name} in subscription ${subscriptionId} is not active, its current state is Created.`);
}

/** The namespace of a request's path, active; or the reply that refuses it. */
function activeNamespace(p: Params, ctx: EmulatorContext): RelayNamespaceRecord | Reply {
  const ns = ctx.state.relayNamespaces.get(keyOf(namespaceId(p)));
  if (!ns) return notFound(`Namespace '${p['ns']}'`);
  return isActive(ns, ctx.now()) ? ns : notActive(ns, p['sub'] as string);
}

function renderHybridConnection(h: HybridConnectionRecord): Record<string, unknown> {
  return {
    id: h.id,
    name: h.name,
    type: `${PROVIDER}/Namespaces/HybridConnections`,
    properties: {
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
      listenerCount: 0,
      requiresClientAuthorization: h.requiresClientAuthorization,
      ...(h.userMetadata !== undefined ? { userMetadata: h.userMetadata } : {}),
    },
  };
}

function renderRule(r: RelayRuleRecord): Record<string, unknown> {
  return { id: r.id, name: r.name, type: `${PROVIDER}/Namespaces/HybridConnections/AuthorizationRules`, properties: { rights: r.rights } };
}

function putNamespace(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const name = p['ns'] as string;
  if (!NAMESPACE_NAME.test(name)) {
    return armError(400, 'BadRequest', `The namespace name '${name}' is invalid: use 6 to 50 letters, digits or hyphens, starting with a letter and ending with a letter or digit.`);
  }
  const body = req.body;
  if (!isRecord(body) || typeof body['location'] !== 'string') return armError(400, 'BadRequest', "The request body must include 'location'.");
  const id = namespaceId(p);
  const key = keyOf(id);
  for (const other of ctx.state.relayNamespaces.values()) {
    // Namespace names are global DNS names.
    if (other.name.toLowerCase() === name.toLowerCase() && keyOf(other.id) !== key) {
      return armError(409, 'Conflict', `The namespace name '${name}' is already taken.`);
    }
  }
  const nowMs = ctx.now();
  const now = nowIso(nowMs);
  const existing = ctx.state.relayNamespaces.get(key);
  const sku = isRecord(body['sku']) && typeof body['sku']['name'] === 'string' ? body['sku']['name'] : 'Standard';
  const record: RelayNamespaceRecord = {
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    location: body['location'].toLowerCase().replace(/\s+/g, ''),
    sku: { name: sku, tier: sku },
    tags: isRecord(body['tags']) ? (body['tags'] as Record<string, string>) : {},
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    // A re-PUT neither restarts nor skips an activation in progress.
    activeAt: existing?.activeAt ?? nowMs + ctx.faults.scale(ctx.config.relayActivationTimeMs),
  };
  ctx.state.relayNamespaces.set(key, record);
  // A new namespace always answers 201 with provisioningState Created (the spec's example), even
  // when it activates at once: the caller learns it is usable by reading it again.
  return existing ? json(200, renderNamespace(record, nowMs)) : json(201, renderNamespace(record, Number.NEGATIVE_INFINITY));
}

function deleteNamespace(p: Params, ctx: EmulatorContext): Reply {
  const key = keyOf(namespaceId(p));
  if (!ctx.state.relayNamespaces.delete(key)) return noContent(204);
  for (const [k, h] of ctx.state.hybridConnections) if (h.namespaceKey === key) ctx.state.hybridConnections.delete(k);
  for (const k of ctx.state.relayRules.keys()) if (k.startsWith(`${key}/`)) ctx.state.relayRules.delete(k);
  return noContent(200);
}

function putHybridConnection(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const nsKey = keyOf(namespaceId(p));
  const ns = activeNamespace(p, ctx);
  if (isReply(ns)) return ns;
  const props = isRecord(req.body) && isRecord(req.body['properties']) ? req.body['properties'] : {};
  const requires = props['requiresClientAuthorization'];
  if (requires !== undefined && typeof requires !== 'boolean') return armError(400, 'BadRequest', 'properties.requiresClientAuthorization must be a boolean.');
  const id = `${ns.id}/hybridConnections/${p['hc']}`;
  const key = keyOf(id);
  const existing = ctx.state.hybridConnections.get(key);
  const now = nowIso(ctx.now());
  const record: HybridConnectionRecord = {
    id: existing?.id ?? id,
    name: existing?.name ?? (p['hc'] as string),
    namespaceKey: nsKey,
    requiresClientAuthorization: typeof requires === 'boolean' ? requires : (existing?.requiresClientAuthorization ?? true),
    ...(typeof props['userMetadata'] === 'string' ? { userMetadata: props['userMetadata'] } : {}),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  ctx.state.hybridConnections.set(key, record);
  return json(200, renderHybridConnection(record));
}

function hybridConnection(p: Params, ctx: EmulatorContext): HybridConnectionRecord | Reply {
  const ns = activeNamespace(p, ctx);
  if (isReply(ns)) return ns;
  return ctx.state.hybridConnections.get(keyOf(`${ns.id}/hybridConnections/${p['hc']}`)) ?? notFound(`Hybrid connection '${p['hc']}'`);
}

function putRule(req: ArmRequest, p: Params, ctx: EmulatorContext): Reply {
  const hc = hybridConnection(p, ctx);
  if (isReply(hc)) return hc;
  const props = isRecord(req.body) && isRecord(req.body['properties']) ? req.body['properties'] : undefined;
  const rawRights = props?.['rights'];
  if (!Array.isArray(rawRights) || rawRights.length === 0) return armError(400, 'BadRequest', 'properties.rights must list at least one of Listen, Send, Manage.');
  const rights: string[] = [];
  for (const r of rawRights) {
    const canonical = typeof r === 'string' ? RIGHTS.get(r.toLowerCase()) : undefined;
    if (!canonical) return armError(400, 'BadRequest', `'${String(r)}' is not a valid right; use Listen, Send or Manage.`);
    if (!rights.includes(canonical)) rights.push(canonical);
  }
  if (rights.includes('Manage') && !(rights.includes('Listen') && rights.includes('Send'))) {
    return armError(400, 'BadRequest', 'The Manage right requires the Listen and Send rights as well.');
  }
  const id = `${hc.id}/authorizationRules/${p['rule']}`;
  const key = keyOf(id);
  const existing = ctx.state.relayRules.get(key);
  const record: RelayRuleRecord = {
    id: existing?.id ?? id,
    name: existing?.name ?? (p['rule'] as string),
    parentKey: keyOf(hc.id),
    rights,
    primaryKey: existing?.primaryKey ?? newSecret(),
    secondaryKey: existing?.secondaryKey ?? newSecret(),
  };
  ctx.state.relayRules.set(key, record);
  return json(200, renderRule(record));
}

function rule(p: Params, ctx: EmulatorContext): { hc: HybridConnectionRecord; rule: RelayRuleRecord } | Reply {
  const hc = hybridConnection(p, ctx);
  if (isReply(hc)) return hc;
  const r = ctx.state.relayRules.get(keyOf(`${hc.id}/authorizationRules/${p['rule']}`));
  return r ? { hc, rule: r } : notFound(`Authorization rule '${p['rule']}'`);
}

function listKeys(p: Params, ctx: EmulatorContext): Reply {
  const found = rule(p, ctx);
  if (isReply(found)) return found;
  const nsName = (ctx.state.relayNamespaces.get(found.hc.namespaceKey)?.name ?? (p['ns'] as string)).toLowerCase();
  const connection = (key: string): string =>
    `Endpoint=sb://${nsName}.servicebus.windows.net/;SharedAccessKeyName=${found.rule.name};SharedAccessKey=${key};EntityPath=${found.hc.name}`;
  return json(200, {
    primaryConnectionString: connection(found.rule.primaryKey),
    secondaryConnectionString: connection(found.rule.secondaryKey),
    primaryKey: found.rule.primaryKey,
    secondaryKey: found.rule.secondaryKey,
    keyName: found.rule.name,
  });
}

const NS = `subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/namespaces/{ns}`;
const HC = `${NS}/hybridConnections/{hc}`;
const RULE = `${HC}/authorizationRules/{rule}`;

function route(methods: string[], pattern: string, resourceType: string, handle: Route<EmulatorContext>['handle']): Route<EmulatorContext> {
  return { methods, pattern, resourceType: `${PROVIDER}/${resourceType}`, apiVersions: RELAY_API_VERSIONS, handle };
}

export const relayRoutes: Route<EmulatorContext>[] = [
  route(['PUT'], NS, 'namespaces', putNamespace),
  route(['GET'], NS, 'namespaces', (_r, p, ctx) => {
    const n = ctx.state.relayNamespaces.get(keyOf(namespaceId(p)));
    return n ? json(200, renderNamespace(n, ctx.now())) : notFound(`Namespace '${p['ns']}'`);
  }),
  route(['DELETE'], NS, 'namespaces', (_r, p, ctx) => deleteNamespace(p, ctx)),
  route(['PUT'], HC, 'namespaces/hybridConnections', putHybridConnection),
  route(['GET'], HC, 'namespaces/hybridConnections', (_r, p, ctx) => {
    const hc = hybridConnection(p, ctx);
    return isReply(hc) ? hc : json(200, renderHybridConnection(hc));
  }),
  route(['PUT'], RULE, 'namespaces/hybridConnections/authorizationRules', putRule),
  route(['GET'], RULE, 'namespaces/hybridConnections/authorizationRules', (_r, p, ctx) => {
    const found = rule(p, ctx);
    return isReply(found) ? found : json(200, renderRule(found.rule));
  }),
  route(['POST'], `${RULE}/listKeys`, 'namespaces/hybridConnections/authorizationRules', (_r, p, ctx) => listKeys(p, ctx)),
];
