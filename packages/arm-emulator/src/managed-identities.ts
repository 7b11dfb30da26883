import { MANAGED_IDENTITY_API_VERSIONS } from './api-versions.ts';
import type { EmulatorContext } from './context.ts';
import { armError, isRecord, json, nowIso, type Reply } from './http.ts';
import { newGuid } from './random.ts';
import type { Route } from './router.ts';
import { keyOf, requireCoordinates, type EmulatorState, type IdentityRecord } from './state.ts';
import type { IdentityFixture } from './types.ts';

/**
 * User-assigned managed identities (Microsoft.ManagedIdentity/userAssignedIdentities): the
 * principal a compute attached with a user-assigned identity acts as, and the one role
 * assignments are granted to. `createdAt` starts the directory replication delay
 * (principalReplicationDelayMs, see authorization.ts); seeding an identity counts as creating it.
 */

export const MI_PROVIDER = 'Microsoft.ManagedIdentity';
const RESOURCE_TYPE = `${MI_PROVIDER}/userAssignedIdentities`;
const NAME_SHAPE = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;

export function identityId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${MI_PROVIDER}/userAssignedIdentities/${name}`;
}

export function seedIdentity(state: EmulatorState, f: IdentityFixture, now: number): IdentityRecord {
  requireCoordinates('identity', f);
  const id = identityId(f.subscriptionId, f.resourceGroup, f.name);
  const previous = state.identities.get(keyOf(id));
  const record: IdentityRecord = {
    id,
    name: f.name,
    location: (f.location ?? previous?.location ?? 'eastus').toLowerCase(),
    principalId: f.principalId ?? previous?.principalId ?? newGuid(),
    clientId: previous?.clientId ?? newGuid(),
    createdAt: previous?.createdAt ?? nowIso(now),
  };
  state.identities.set(keyOf(id), record);
  return record;
}

export function renderIdentityResource(r: IdentityRecord, tenantId: string): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    type: RESOURCE_TYPE,
    location: r.location,
    tags: {},
    properties: { tenantId, principalId: r.principalId, clientId: r.clientId },
  };
}

function notFound(name: string): Reply {
  return armError(404, 'ResourceNotFound', `The Resource '${RESOURCE_TYPE}/${name}' was not found.`);
}

const BASE = `subscriptions/{sub}/resourceGroups/{rg}/providers/${MI_PROVIDER}/userAssignedIdentities`;

export const identityRoutes: Route<EmulatorContext>[] = [
  {
    methods: ['GET'],
    pattern: `${BASE}/{name}`,
    resourceType: RESOURCE_TYPE,
    apiVersions: MANAGED_IDENTITY_API_VERSIONS,
    handle: (_r, p, ctx) => {
      const r = ctx.state.identities.get(keyOf(identityId(p['sub'] as string, p['rg'] as string, p['name'] as string)));
      return r ? json(200, renderIdentityResource(r, ctx.config.tenantId)) : notFound(p['name'] as string);
    },
  },
  {
    methods: ['PUT'],
    pattern: `${BASE}/{name}`,
    resourceType: RESOURCE_TYPE,
    apiVersions: MANAGED_IDENTITY_API_VERSIONS,
    handle: (req, p, ctx) => {
      const name = p['name'] as string;
      if (!NAME_SHAPE.test(name)) return armError(400, 'InvalidResourceName', `Resource name '${name}' is invalid: use 3 to 128 letters, digits, '-' and '_', starting with a letter or digit.`);
      const location = isRecord(req.body) && typeof req.body['location'] === 'string' ? req.body['location'] : undefined;
      if (!location) return armError(400, 'LocationRequired', 'The location property is required for this definition.');
      const existed = ctx.state.identities.has(keyOf(identityId(p['sub'] as string, p['rg'] as string, name)));
      const r = seedIdentity(ctx.state, { subscriptionId: p['sub'] as string, resourceGroup: p['rg'] as string, name, location }, ctx.now());
      return json(existed ? 200 : 201, renderIdentityResource(r, ctx.config.tenantId));
    },
  },
];
