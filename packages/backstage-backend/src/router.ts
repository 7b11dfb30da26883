// REST routes of the azureml-compute plugin, under /api/azureml-compute.
import { azuremlComputeListPermission, azuremlComputeReadPermission } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeDetailResponse, ComputeStatus, ComputeValidateRequest } from '@aml-k8s/plugin-azureml-compute-common';
import type { BackstageCredentials, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AnswerCache } from './list/answers.ts';
import type { Answer } from './list/answers.ts';
import { answerKey, encodeCursor, etagOf, notModified, parseListQuery } from './list/query.ts';
import { SnapshotCache, storeSnapshotSource } from './list/snapshot.ts';
import type { SnapshotSource } from './list/snapshot.ts';
import { callerKey, DecisionCache } from './permissions/decision-cache.ts';
import { azuremlComputeRules } from './permissions/rules.ts';
import type { ComputeFilter } from './permissions/rules.ts';
import { visibilityOf } from './permissions/visibility.ts';
import type { Visibility } from './permissions/visibility.ts';
import type { StatusStore } from './status/store.ts';
import { validateRoute } from './validate-route.ts';

export interface RouterOptions {
  store: StatusStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Transitions returned by the detail route, newest first. Default 100. */
  historyLimit?: number;
  /** Where `GET /computes` and `GET /summary` read their snapshot; default the store (its last refresh tells when it changed). */
  snapshots?: SnapshotSource;
  /** Renew the in-memory snapshot this old even without a new refresh. Default 30 s. */
  snapshotMaxAgeMs?: number;
  /** Ask the store whether another backend instance changed the statuses at most this often. Default 1 s. */
  snapshotCheckIntervalMs?: number;
  /**
   * Reuse a caller's permission decisions this long (0: ask every time).
   * Default 5 s: a changed policy takes effect within it.
   */
  permissionCacheMs?: number;
  /**
   * The rules conditional decisions on `azureml.compute.read` are made of: the permissions
   * registry's ruleset of the `azureml-compute` resource type (rules modules added too). Default the
   * plugin's own rules (`IS_OWNER`).
   */
  ruleset?: PermissionRuleset<ComputeStatus, ComputeFilter>;
}

/** The plugin's own rules by name, for routers made without the permissions registry. */
export const defaultRuleset: PermissionRuleset<ComputeStatus, ComputeFilter> = {
  getRuleByName(name) {
    const rule = Object.values(azuremlComputeRules).find((r) => r.name === name);
    if (!rule) throw new Error(`Unexpected permission rule "${name}" for resource type azureml-compute`);
    return rule as ReturnType<PermissionRuleset<ComputeStatus, ComputeFilter>['getRuleByName']>;
  },
};

/** `POST /validate` body. */
export type ValidateRequestBody = ComputeValidateRequest;

const MAX_SPEC_BYTES = 1024 * 1024;

/** Browsers and proxies keep list answers per user and revalidate them with If-None-Match each time. */
const CACHE_CONTROL = 'private, no-cache';

/** List answers kept per snapshot (oldest dropped first). */
const ANSWER_CACHE_ENTRIES = 256;

/** Express 4 does not catch rejected promises: hand them to the error middleware. */
const route = (fn: (req: Request, res: Response) => Promise<void>): RequestHandler => (req: Request, res: Response, next: NextFunction) => {
  fn(req, res).catch(next);
};

/** Validates a draft within the limits of `POST /validate` (see validate-route.ts). */
export { validateDraft } from './validate-route.ts';

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { store, httpAuth, permissions } = options;
  const router = express.Router();
  // Before the router-wide body parser: the route reads its body itself, after authorization, with a smaller limit.
  router.post('/validate', ...validateRoute({ httpAuth, permissions }));
  router.use(express.json({ limit: MAX_SPEC_BYTES }));

  const ruleset = options.ruleset ?? defaultRuleset;

  /**
   * Which computes the caller may read: ALLOW all, CONDITIONAL some (the decision's criteria), DENY
   * none (403). With `list`, the caller also needs `azureml.compute.list` (the overview routes).
   */
  const decide = async (credentials: BackstageCredentials, list: boolean): Promise<{ listAllowed: boolean; visibility?: Visibility }> => {
    const [[listDecision], [readDecision]] = await Promise.all([
      list ? permissions.authorize([{ permission: azuremlComputeListPermission }], { credentials }) : Promise.resolve([{ result: AuthorizeResult.ALLOW }]),
      permissions.authorizeConditional([{ permission: azuremlComputeReadPermission }], { credentials }),
    ]);
    const visibility = readDecision ? visibilityOf(readDecision, ruleset) : undefined;
    return { listAllowed: listDecision?.result === AuthorizeResult.ALLOW, ...(visibility ? { visibility } : {}) };
  };
  const decisions = new DecisionCache<Awaited<ReturnType<typeof decide>>>({ ttlMs: options.permissionCacheMs ?? 5000 });
  const readable = async (req: Request, { list }: { list: boolean }): Promise<Visibility> => {
    const credentials: BackstageCredentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { listAllowed, visibility } = await decisions.get(`${list}\n${callerKey(credentials)}`, () => decide(credentials, list));
    if (!listAllowed) throw new NotAllowedError(`Missing permission ${azuremlComputeListPermission.name}`);
    if (!visibility) throw new NotAllowedError(`Missing permission ${azuremlComputeReadPermission.name}`);
    return visibility;
  };
  const predicate = (v: Visibility) => (v.all ? undefined : v.visible);
  const visibilityKey = (v: Visibility) => (v.all ? '' : v.key);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const snapshots = new SnapshotCache(options.snapshots ?? storeSnapshotSource(store), { maxAgeMs: options.snapshotMaxAgeMs, checkIntervalMs: options.snapshotCheckIntervalMs });
  const answers = new AnswerCache(ANSWER_CACHE_ENTRIES);

  /** 304 when the client holds the answer's ETag; else its JSON, gzip-encoded when the client accepts that. */
  const send = (req: Request, res: Response, answer: Answer): void => {
    res.setHeader('ETag', answer.etag);
    res.setHeader('Cache-Control', CACHE_CONTROL);
    res.setHeader('Vary', 'Accept-Encoding');
    if (notModified(req.get('if-none-match'), answer.etag)) {
      res.status(304).end();
      return;
    }
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip' ? answer.gzip : null;
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    const body = gzip ?? answer.json;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', body.length);
    res.status(200).end(body);
  };

  router.get(
    '/computes',
    route(async (req, res) => {
      const visibility = await readable(req, { list: true });
      const query = parseListQuery(req.query as Record<string, unknown>);
      const index = await snapshots.get();
      const answer = answers.get(
        index,
        answerKey('computes', query, visibilityKey(visibility)),
        () => etagOf(index.hash, 'computes', query, visibilityKey(visibility)),
        () => {
          const { response, last } = index.page(query, predicate(visibility));
          if (last !== undefined) response.nextCursor = encodeCursor(last);
          return response;
        },
      );
      send(req, res, answer);
    }),
  );

  router.get(
    '/summary',
    route(async (req, res) => {
      const visibility = await readable(req, { list: true });
      const index = await snapshots.get();
      const answer = answers.get(
        index,
        answerKey('summary', undefined, visibilityKey(visibility)),
        () => etagOf(index.hash, 'summary', undefined, visibilityKey(visibility)),
        () => index.summary(undefined, predicate(visibility)),
      );
      send(req, res, answer);
    }),
  );

  router.get(
    '/computes/:name',
    route(async (req, res) => {
      const visibility = await readable(req, { list: false });
      const name = String(req.params.name);
      const status = await store.get(name);
      // A compute the conditions hide answers like one that does not exist: no names leak.
      if (!status || !(visibility.all || visibility.visible(status))) throw new NotFoundError(`No compute named "${name}"`);
      const body: ComputeDetailResponse = { status, history: await store.history(name, options.historyLimit ?? 100) };
      res.json(body);
    }),
  );

  return router;
}
