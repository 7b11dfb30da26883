import type { IncomingHttpHeaders } from 'node:http';

/** What a route handler receives: the request, already read and parsed. */
export interface ArmRequest {
  readonly method: string;
  /** Path without query, as sent (percent-decoded segments are in `segments`). */
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  readonly rawBody: string;
  /** Scheme + host the client used, for links we hand back (Azure-AsyncOperation, nextLink). */
  readonly origin: string;
  /** Client id of the bearer token, when the route is authenticated. */
  readonly caller?: string;
}

/** What a route handler returns; the server writes it. */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
  additionalInfo?: unknown[];
  innerError?: { code: string };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(status = 204, headers?: Record<string, string>): Reply {
  return headers ? { status, headers } : { status };
}

/** The ARM error envelope `{ error: { code, message } }`. */
export function armError(status: number, code: string, message: string, extra?: Partial<ErrorDetail>, headers?: Record<string, string>): Reply {
  return json(status, { error: { code, message, ...extra } }, headers);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function apiVersionOf(req: ArmRequest): string {
  return req.query.get('api-version') ?? '';
}

export function nowIso(ms: number = Date.now()): string {
  return new Date(ms).toISOString();
}

/** Tells a handler's Reply apart from the value it would otherwise return. */
export function isReply(value: unknown): value is Reply {
  return isRecord(value) && typeof value['status'] === 'number';
}
