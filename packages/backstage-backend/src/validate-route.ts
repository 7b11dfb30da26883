// `POST /validate`: validates a user's draft spec with the core, with bounded work per request.
//
// Drafts come from any signed-in user, so the route bounds what one request may cost before the
// core sees it, in this order:
//   1. credentials and the `azureml.compute.read` permission (before any body is read);
//   2. the body size (MAX_DRAFT_BYTES, checked on Content-Length and while streaming: 413);
//   3. the YAML node count (MAX_DRAFT_NODES, counted by a linear lexer pass that stops at the
//      limit: 413). The core's position-keeping parser checks duplicate keys in time quadratic in a
//      mapping's size, so a few thousand keys cost seconds; under the node limit it stays in the
//      tens of milliseconds (test/validate-route.test.ts measures the worst shapes).
// Bounding the input this way keeps the validation itself on the request's thread: no worker, no
// timeout, and the cost of any accepted draft is known in advance.
import { validateSpecs } from '@aml-k8s/shared/core';
import { azuremlComputeReadPermission } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeValidateRequest, ComputeValidateResponse } from '@aml-k8s/plugin-azureml-compute-common';
import type { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CST, Lexer } from 'yaml';

/** Largest accepted request body (the JSON holding the draft), bytes. */
export const MAX_DRAFT_BYTES = 256 * 1024;

/** Most YAML nodes (scalars, mappings, lists, aliases, documents) a draft may hold; the examples hold under 100. */
export const MAX_DRAFT_NODES = 2000;

const NODE_TOKENS = new Set<string>(['scalar', 'block-scalar-header', 'flow-map-start', 'flow-seq-start', 'alias', 'doc-start']);

/**
 * The YAML nodes in `text`, counted from the lexer's tokens (linear; no document is built), up to
 * `limit + 1`: counting stops as soon as the limit is passed. Block mappings and lists count by
 * their keys and items.
 */
export function countYamlNodes(text: string, limit = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type !== null && NODE_TOKENS.has(type) && ++n > limit) return n;
  }
  return n;
}

/** A 413 answer in the Backstage error shape. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  readonly statusCode = 413;
}

/** Validates a draft (`{ text, file? }`) within the limits; throws InputError or PayloadTooLargeError. */
export function validateDraft(body: unknown): ComputeValidateResponse {
  const b = body as Partial<ComputeValidateRequest> | undefined;
  if (!b || typeof b !== 'object' || typeof b.text !== 'string') throw new InputError('Expected a JSON body { "text": "<spec YAML>", "file"?: "<name>" }');
  if (b.file !== undefined && (typeof b.file !== 'string' || b.file.length > 500)) throw new InputError('"file" must be a string of at most 500 characters');
  if (Buffer.byteLength(b.text, 'utf8') > MAX_DRAFT_BYTES) throw new PayloadTooLargeError(`The draft is larger than the ${MAX_DRAFT_BYTES / 1024} KiB limit of POST /validate.`);
  if (countYamlNodes(b.text, MAX_DRAFT_NODES) > MAX_DRAFT_NODES) {
    throw new PayloadTooLargeError(`The draft holds more than ${MAX_DRAFT_NODES} YAML nodes (keys, values, list items), the limit of POST /validate. A compute spec holds under 100.`);
  }
  // Drafts come from users: never read this server's files for them (PEM checks become warnings).
  const result = validateSpecs([{ file: b.file || 'draft.yaml', text: b.text }], { readFile: () => undefined });
  return { diagnostics: result.diagnostics };
}

function sendError(req: Request, res: Response, status: number, name: string, message: string): void {
  res.status(status).json({ error: { name, message }, request: { method: req.method, url: req.originalUrl }, response: { statusCode: status } });
}

export interface ValidateRouteOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

/**
 * The handlers of `POST /validate`: authorization, a JSON body parser of its own limit, the
 * validation. Mount them before any router-wide body parser.
 */
export function validateRoute({ httpAuth, permissions }: ValidateRouteOptions): RequestHandler[] {
  const authorize: RequestHandler = (req, _res, next) => {
    (async () => {
      const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      // As the compute routes ask: a definitive DENY refuses; ALLOW or conditions (some computes) let the user validate drafts.
      const [decision] = await permissions.authorizeConditional([{ permission: azuremlComputeReadPermission }], { credentials });
      if (!decision || decision.result === AuthorizeResult.DENY) throw new NotAllowedError(`Missing permission ${azuremlComputeReadPermission.name}`);
    })().then(() => next(), next);
  };
  const parse = express.json({ limit: MAX_DRAFT_BYTES });
  const body: RequestHandler = (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      const e = err as { type?: string; status?: number } | undefined;
      if (e?.type === 'entity.too.large') return sendError(req, res, 413, 'PayloadTooLargeError', `The request body is larger than the ${MAX_DRAFT_BYTES / 1024} KiB limit of POST /validate.`);
      if (e && e.status !== undefined && e.status >= 400 && e.status < 500) return sendError(req, res, 400, 'InputError', `The request body is not valid JSON: ${String((err as Error).message)}`);
      return next(err as Error | undefined);
    });
  };
  const handler: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    try {
      res.json(validateDraft(req.body));
    } catch (e) {
      if (e instanceof PayloadTooLargeError) sendError(req, res, 413, e.name, e.message);
      else next(e);
    }
  };
  return [authorize, body, handler];
}
