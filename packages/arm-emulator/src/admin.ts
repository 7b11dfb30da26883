import { timingSafeEqual } from 'node:crypto';
import { armError, isRecord, json, nowIso, type Reply } from './http.ts';
import type { KubeObject } from './kube-store.ts';
import { kubeSnapshot } from './kubernetes.ts';
import type { OperationRecord } from './operations.ts';
import type {
  ClusterRecord,
  ComputeRecord,
  EmulatorState,
  ExtensionRecord,
  HybridConnectionRecord,
  IdentityRecord,
  RelayNamespaceRecord,
  RelayRuleRecord,
  RoleAssignmentRecord,
  WorkspaceRecord,
} from './state.ts';
import type { FaultSettings, Fixtures, RecordedRequest } from './types.ts';

/**
 * Test-only inspection and control, under /__emulator/. Every route but `GET health` needs the
 * emulator's admin token (`Authorization: Bearer <adminToken>`; AML_K8S_EMULATOR_ADMIN_TOKEN in its
 * environment): the snapshot includes secrets (protected settings, relay keys) on purpose, since tests
 * must be able to prove what the server stored, and the controls change what ARM answers. No fault
 * injection, not recorded. The in-process `Emulator` methods need no token.
 */

export interface TokenSummary {
  clientId: string;
  audience: string;
  grant: string;
  issuedAt: string;
  expiresAt: string;
}

export interface StateSnapshot {
  clusters: Array<ClusterRecord['fixture'] & { id: string }>;
  workspaces: Array<WorkspaceRecord['fixture'] & { id: string; workspaceId: string }>;
  extensions: ExtensionRecord[];
  computes: ComputeRecord[];
  operations: OperationRecord[];
  relay: { namespaces: RelayNamespaceRecord[]; hybridConnections: HybridConnectionRecord[]; authorizationRules: RelayRuleRecord[] };
  roleAssignments: RoleAssignmentRecord[];
  identities: IdentityRecord[];
  /** Kubernetes objects by cluster ARM id, with the status a controller would report. */
  kubernetes: Record<string, KubeObject[]>;
  tokens: { issued: number; active: number; recent: TokenSummary[] };
  faults: FaultSettings;
}

export function snapshot(state: EmulatorState, faults: FaultSettings, now: number): StateSnapshot {
  const tokens = [...state.tokens.values()];
  return structuredClone({
    clusters: [...state.clusters.values()].map((c) => ({ id: c.id, ...c.fixture })),
    workspaces: [...state.workspaces.values()].map((w) => ({ id: w.id, workspaceId: w.workspaceId, ...w.fixture })),
    extensions: [...state.extensions.values()],
    computes: [...state.computes.values()],
    operations: [...state.operations.all.values()],
    relay: {
      namespaces: [...state.relayNamespaces.values()],
      hybridConnections: [...state.hybridConnections.values()],
      authorizationRules: [...state.relayRules.values()],
    },
    roleAssignments: [...state.roleAssignments.values()],
    identities: [...state.identities.values()],
    kubernetes: kubeSnapshot(state),
    tokens: {
      issued: state.tokensIssued,
      active: tokens.filter((t) => t.expiresAt > now).length,
      recent: tokens.slice(-50).map((t) => ({
        clientId: t.clientId,
        audience: t.audience,
        grant: t.grant,
        issuedAt: nowIso(t.issuedAt),
        expiresAt: nowIso(t.expiresAt),
      })),
    },
    faults,
  });
}

/** What the admin API needs from the running emulator. */
export interface AdminControl {
  state(): StateSnapshot;
  requests(): RecordedRequest[];
  faults(): FaultSettings;
  setFaults(patch: Partial<FaultSettings>): FaultSettings;
  reset(options: { all: boolean }): void;
  seed(fixtures: Fixtures): void;
}

export const ADMIN_PREFIX = '/__emulator';

/** Whether an admin request may proceed: `GET health` always; the rest with the admin bearer token. */
export function adminAuthorized(method: string, path: string, authorization: string | undefined, adminToken: string): boolean {
  const route = path.slice(ADMIN_PREFIX.length).replace(/\/+$/, '');
  if (method === 'GET' && route === '/health') return true;
  const m = /^Bearer\s+(\S+)$/i.exec((authorization ?? '').trim());
  if (!m) return false;
  const given = Buffer.from(m[1] as string);
  const expected = Buffer.from(adminToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function badRequest(message: string): Reply {
  return armError(400, 'BadRequest', message);
}

export function handleAdmin(method: string, path: string, query: URLSearchParams, body: unknown, control: AdminControl): Reply {
  const route = path.slice(ADMIN_PREFIX.length).replace(/\/+$/, '') || '/';
  try {
    switch (`${method} ${route}`) {
      case 'GET /requests':
        return json(200, control.requests());
      case 'GET /state':
        return json(200, control.state());
      case 'GET /faults':
        return json(200, control.faults());
      case 'POST /faults':
        if (!isRecord(body)) return badRequest('Send a JSON object of fault settings.');
        return json(200, control.setFaults(body as Partial<FaultSettings>));
      case 'POST /reset': {
        const all = ['1', 'true'].includes((query.get('all') ?? '').toLowerCase());
        control.reset({ all });
        return json(200, { reset: all ? 'all' : 'requests' });
      }
      case 'POST /seed': {
        if (!isRecord(body)) return badRequest('Send a JSON object { clusters?, workspaces?, identities? }.');
        const { clusters, workspaces, identities } = body;
        if ([clusters, workspaces, identities].some((v) => v !== undefined && !Array.isArray(v))) {
          return badRequest('clusters, workspaces and identities must be arrays.');
        }
        control.seed(body as Fixtures);
        const count = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
        return json(200, { clusters: count(clusters), workspaces: count(workspaces), identities: count(identities) });
      }
      case 'GET /health':
        return json(200, { status: 'ok' });
      default:
        return armError(404, 'NotFound', `No admin route ${method} ${path}. Routes: GET requests|state|faults|health, POST faults|reset|seed.`);
    }
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) return badRequest(e.message);
    throw e;
  }
}
