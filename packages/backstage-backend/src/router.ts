// REST routes of the azureml-compute plugin, under /api/azureml-compute.
import { validateSpecs } from '@aml-k8s/shared/core';
import { azuremlComputeReadPermission } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeDetailResponse, ComputeListResponse, ComputeValidateRequest, ComputeValidateResponse } from '@aml-k8s/plugin-azureml-compute-common';
import type { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { StatusStore } from './status/store.ts';

export interface RouterOptions {
  store: StatusStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Transitions returned by the detail route, newest first. Default 100. */
  historyLimit?: number;
}

/** `POST /validate` body. */
export type ValidateRequestBody = ComputeValidateRequest;

const MAX_SPEC_BYTES = 1024 * 1024;

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

  router.get(
    '/computes',
    route(async (req, res) => {
      await authorizeRead(req);
      const [items, last] = await Promise.all([store.list(), store.lastRefresh()]);
      const body: ComputeListResponse = { items };
      if (last) body.refreshedAt = last.finishedAt;
      res.json(body);
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
