// REST routes of the azureml-compute plugin, under /api/azureml-compute.
import { azuremlComputeListPermission, azuremlComputeReadPermission } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeDetailResponse, ComputeStatus, ComputeValidateRequest } from '@aml-k8s/plugin-azureml-compute-common';
import type { BackstageCredentials, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { encodeCursor, etagOf, notModified, parseListQuery } from './list/query.ts';
import { SnapshotCache, storeSnapshotSource } from './list/snapshot.ts';
import type { SnapshotSource } from './list/snapshot.ts';
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

/** Serialized list answers kept (oldest dropped first). */
const BODY_CACHE_ENTRIES = 256;

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
  const readable = async (req: Request, { list }: { list: boolean }): Promise<Visibility> => {
    const credentials: BackstageCredentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [[listDecision], [readDecision]] = await Promise.all([
      list ? permissions.authorize([{ permission: azuremlComputeListPermission }], { credentials }) : Promise.resolve([{ result: AuthorizeResult.ALLOW }]),
      permissions.authorizeConditional([{ permission: azuremlComputeReadPermission }], { credentials }),
    ]);
    if (listDecision?.result !== AuthorizeResult.ALLOW) throw new NotAllowedError(`Missing permission ${azuremlComputeListPermission.name}`);
    const visibility = readDecision ? visibilityOf(readDecision, ruleset) : undefined;
    if (!visibility) throw new NotAllowedError(`Missing permission ${azuremlComputeReadPermission.name}`);
    return visibility;
  };
  const predicate = (v: Visibility) => (v.all ? undefined : v.visible);
  const visibilityKey = (v: Visibility) => (v.all ? '' : v.key);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const snapshots = new SnapshotCache(options.snapshots ?? storeSnapshotSource(store), { maxAgeMs: options.snapshotMaxAgeMs });

  // Answers already serialized, by ETag (the ETag names the snapshot and the query): the pages
  // many users ask for (the first one, unfiltered) are built once per snapshot.
  const bodies = new Map<string, string>();
  const remember = (etag: string, body: string) => {
    if (bodies.size >= BODY_CACHE_ENTRIES) bodies.delete(bodies.keys().next().value!);
    bodies.set(etag, body);
  };

  /** Answers 304 when the client holds this ETag; else sets it for the answer to come. */
  const conditional = (req: Request, res: Response, etag: string): boolean => {
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', CACHE_CONTROL);
    if (!notModified(req.get('if-none-match'), etag)) return false;
    res.status(304).end();
    return true;
  };

  router.get(
    '/computes',
    route(async (req, res) => {
      const visibility = await readable(req, { list: true });
      const query = parseListQuery(req.query as Record<string, unknown>);
      const index = await snapshots.get();
      if (conditional(req, res, etagOf(index.hash, 'computes', query, visibilityKey(visibility)))) return;
      const etag = res.get('ETag')!;
      let body = bodies.get(etag);
      if (body === undefined) {
        const { response, last } = index.page(query, predicate(visibility));
        if (last !== undefined) response.nextCursor = encodeCursor(last);
        body = JSON.stringify(response);
        remember(etag, body);
      }
      res.type('application/json').send(body);
    }),
  );

  router.get(
    '/summary',
    route(async (req, res) => {
      const visibility = await readable(req, { list: true });
      const index = await snapshots.get();
      if (conditional(req, res, etagOf(index.hash, 'summary', undefined, visibilityKey(visibility)))) return;
      res.json(index.summary(undefined, predicate(visibility)));
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
