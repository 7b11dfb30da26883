// REST routes of the azureml-compute plugin, under /api/azureml-compute.
import { validateSpecs } from '@aml-k8s/shared/core';
import { azuremlComputeReadPermission } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeDetailResponse, ComputeValidateRequest, ComputeValidateResponse } from '@aml-k8s/plugin-azureml-compute-common';
import type { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { encodeCursor, etagOf, notModified, parseListQuery } from './list/query.ts';
import { SnapshotCache, storeSnapshotSource } from './list/snapshot.ts';
import type { SnapshotSource } from './list/snapshot.ts';
import type { StatusStore } from './status/store.ts';

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
}

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

export function validateDraft(body: unknown): ComputeValidateResponse {
  const b = body as Partial<ValidateRequestBody> | undefined;
  if (!b || typeof b !== 'object' || typeof b.text !== 'string') throw new InputError('Expected a JSON body { "text": "<spec YAML>", "file"?: "<name>" }');
  if (b.file !== undefined && (typeof b.file !== 'string' || b.file.length > 500)) throw new InputError('"file" must be a string of at most 500 characters');
  // Drafts come from users: never read this server's files for them (PEM checks become warnings).
  const result = validateSpecs([{ file: b.file || 'draft.yaml', text: b.text }], { readFile: () => undefined });
  return { diagnostics: result.diagnostics };
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { store, httpAuth, permissions } = options;
  const router = express.Router();
  router.use(express.json({ limit: MAX_SPEC_BYTES }));

  const authorizeRead = async (req: Request): Promise<void> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await permissions.authorize([{ permission: azuremlComputeReadPermission }], { credentials });
    if (decision?.result !== AuthorizeResult.ALLOW) throw new NotAllowedError(`Missing permission ${azuremlComputeReadPermission.name}`);
  };

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
      await authorizeRead(req);
      const query = parseListQuery(req.query as Record<string, unknown>);
      const index = await snapshots.get();
      if (conditional(req, res, etagOf(index.hash, 'computes', query))) return;
      const etag = res.get('ETag')!;
      let body = bodies.get(etag);
      if (body === undefined) {
        const { response, last } = index.page(query);
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
      await authorizeRead(req);
      const index = await snapshots.get();
      if (conditional(req, res, etagOf(index.hash, 'summary'))) return;
      res.json(index.summary());
    }),
  );

  router.get(
    '/computes/:name',
    route(async (req, res) => {
      await authorizeRead(req);
      const name = String(req.params.name);
      const status = await store.get(name);
      if (!status) throw new NotFoundError(`No compute named "${name}"`);
      const body: ComputeDetailResponse = { status, history: await store.history(name, options.historyLimit ?? 100) };
      res.json(body);
    }),
  );

  router.post(
    '/validate',
    route(async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
      res.json(validateDraft(req.body));
    }),
  );

  return router;
}
