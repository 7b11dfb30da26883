// Replays Azure's published x-ms-examples (vendored in ../conformance/) against a fresh emulator and
// reports every way the emulator's answer differs from the example as a list of "findings"
// (stable strings, so that known differences can be listed by name in conformance.test.ts).
//
// Rules (see ../conformance/README.md, "Replaying: things to know"):
// - the api-version sent is operations.json's `apiVersion` (the one the product sends), or its
//   `exampleApiVersion` for operations the product does not call, never the example's own;
// - example values are shapes: only presence and JSON type are compared, except `id`/`type`, which
//   are compared case-insensitively (upstream mixes `resourcegroups`, `ManagedClusters`, ...);
// - example URLs (Azure-AsyncOperation, Location, nextLink) are placeholders: only their presence
//   counts. Polling follows the emulator's own links, never the example's.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startEmulator, trustEmulator, type Emulator, type Fixtures } from '../src/index.ts';

export const CONFORMANCE_DIR = fileURLToPath(new URL('../conformance/', import.meta.url));

export interface OperationEntry {
  readonly operationId: string;
  readonly method: string;
  readonly pathTemplate: string;
  readonly query?: string;
  readonly apiVersion: string | null;
  readonly exampleApiVersion: string;
  readonly examples: readonly string[];
  readonly notes?: string;
}

export interface ExampleResponse {
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export interface Example {
  readonly parameters: Record<string, unknown>;
  readonly responses: Record<string, ExampleResponse>;
}

export function loadOperations(): OperationEntry[] {
  return JSON.parse(readFileSync(`${CONFORMANCE_DIR}operations.json`, 'utf8')) as OperationEntry[];
}

export function loadExample(file: string): Example {
  return JSON.parse(readFileSync(`${CONFORMANCE_DIR}${file}`, 'utf8')) as Example;
}

/** The api-version a replay sends: the product's, or the example folder's when the product does not call it. */
export function apiVersionFor(op: OperationEntry): string {
  return op.apiVersion ?? op.exampleApiVersion;
}

export function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** `pathTemplate` with the example's path parameters filled in (`{scope}` may come without its leading slash). */
export function buildPath(template: string, params: Record<string, unknown>, overrides: Record<string, string> = {}): string {
  const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = overrides[name] ?? params[name];
    if (typeof v !== 'string') throw new Error(`example has no path parameter '${name}'`);
    return name === 'scope' ? v.replace(/^\/+/, '') : encodeURIComponent(v);
  });
  return path.replace(/\/{2,}/g, '/');
}

/** The example's request body: its one object-valued parameter. */
export function bodyOf(example: Example): unknown {
  const objects = Object.values(example.parameters).filter(isRecord);
  return objects.length === 1 ? objects[0] : undefined;
}

/** String parameters that are neither in the path nor the api-version: query parameters (underlyingResourceAction, forceDelete). */
export function queryOf(example: Example, template: string): Record<string, string> {
  const inPath = new Set([...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(example.parameters)) {
    if (k === 'api-version' || inPath.has(k) || isRecord(v)) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') q[k] = String(v);
  }
  return q;
}

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);
export const isTerminal = (s: unknown): boolean => typeof s === 'string' && TERMINAL.has(s.toLowerCase());

/** One fresh emulator with the fixtures an example's parameters call for. */
export class Session {
  readonly emulator: Emulator;
  private readonly token: string;

  private constructor(emulator: Emulator, token: string) {
    this.emulator = emulator;
    this.token = token;
  }

  static async start(fixtures: Fixtures, options: { pageSize?: number } = {}): Promise<Session> {
    const emulator = await startEmulator({
      installTimeMs: 60,
      attachTimeMs: 60,
      deleteTimeMs: 60,
      retryAfterSeconds: 0,
      pageSize: options.pageSize ?? 2,
      ...fixtures,
    });
    trustEmulator(emulator);
    const res = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        scope: 'https://management.azure.com/.default',
      }).toString(),
    });
    const token = ((await res.json()) as { access_token?: string }).access_token;
    if (!token) throw new Error(`no token from the emulator (${res.status})`);
    return new Session(emulator, token);
  }

  async stop(): Promise<void> {
    await this.emulator.stop();
  }

  /** A raw ARM request; `apiVersion` null sends none. */
  async send(method: string, path: string, apiVersion: string | null, body?: unknown, query: Record<string, string> = {}): Promise<Call> {
    const url = new URL(`${this.emulator.url}${path}`);
    if (apiVersion !== null) url.searchParams.set('api-version', apiVersion);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return this.fetchUrl(method, url.toString(), body);
  }

  /** Follows a link the emulator handed out (never one from an example). */
  async follow(link: string): Promise<Call> {
    if (!link.startsWith(`${this.emulator.url}/`)) throw new Error(`refusing to follow a link outside the emulator: ${link}`);
    return this.fetchUrl('GET', link);
  }

  private async fetchUrl(method: string, url: string, body?: unknown): Promise<Call> {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { method, path: new URL(url).pathname, status: res.status, headers: res.headers, body: parsed };
  }

  /**
   * Drives a long-running operation to its end: Azure-AsyncOperation (status resource) first,
   * then Location (202 until done), then the resource's own provisioningState.
   * Returns the terminal status word, or undefined when the operation never ended.
   */
  async settle(initial: Call, resourcePath: string | undefined, apiVersion: string): Promise<string | undefined> {
    const asyncOp = initial.headers.get('azure-asyncoperation');
    const location = initial.headers.get('location');
    for (let i = 0; i < 200; i++) {
      if (asyncOp) {
        const s = await this.follow(asyncOp);
        if (isTerminal(s.body?.status)) return s.body.status as string;
      } else if (location) {
        const s = await this.follow(location);
        if (s.status !== 202) return s.status < 300 ? 'Succeeded' : 'Failed';
      } else if (resourcePath) {
        const s = await this.send('GET', resourcePath, apiVersion);
        if (s.status === 404 && initial.method === 'DELETE') return 'Succeeded';
        const state = s.body?.properties?.provisioningState;
        if (state === undefined || isTerminal(state)) return state ?? 'Succeeded';
      } else {
        return 'Succeeded';
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return undefined;
  }
}

/** Collects findings; each is a stable sentence naming the response and the property. */
export class Findings {
  readonly list: string[] = [];

  add(finding: string): void {
    if (!this.list.includes(finding)) this.list.push(finding);
  }

  status(label: string, call: Call, allowed: readonly (number | string)[]): boolean {
    const ok = allowed.map(String).includes(String(call.status));
    if (!ok) {
      const err = isRecord(call.body) && isRecord(call.body['error']) ? ` (${call.body['error']['code']}: ${call.body['error']['message']})` : '';
      this.add(`${label}: status ${call.status}, example lists ${allowed.join('/')}${err}`);
    }
    return ok;
  }

  /** Every header the example's response names, plus Retry-After beside any async header. */
  headers(label: string, call: Call, example: ExampleResponse | undefined): void {
    const names = Object.keys(example?.headers ?? {});
    for (const name of names) if (call.headers.get(name) === null) this.add(`${label}: header ${name} missing`);
    const async = names.some((n) => ['azure-asyncoperation', 'location', 'operation-location'].includes(n.toLowerCase()));
    if (async && call.headers.get('retry-after') === null) this.add(`${label}: header Retry-After missing`);
  }

  /**
   * Every property the example shows at the top level and in `properties` is present with the same
   * JSON type. An example null matches any type; an emulator null matches where `nullable` says the
   * spec marks the property x-nullable.
   */
  shape(label: string, example: unknown, actual: unknown, nullable: ReadonlySet<string> = new Set()): void {
    if (!isRecord(example)) return;
    if (!isRecord(actual)) {
      this.add(`${label}: body is ${typeOf(actual)}, example has an object`);
      return;
    }
    this.level(label, '', example, actual, nullable);
    if (isRecord(example['properties']) && isRecord(actual['properties'])) this.level(label, 'properties.', example['properties'], actual['properties'], nullable);
  }

  private level(label: string, prefix: string, example: Record<string, unknown>, actual: Record<string, unknown>, nullable: ReadonlySet<string>): void {
    for (const [key, ev] of Object.entries(example)) {
      if (!(key in actual)) {
        this.add(`${label}: ${prefix}${key} missing`);
        continue;
      }
      const av = actual[key];
      if (ev === null || typeOf(ev) === typeOf(av)) continue;
      if (av === null && nullable.has(`${prefix}${key}`)) continue;
      this.add(`${label}: ${prefix}${key} is ${typeOf(av)}, example ${typeOf(ev)}`);
    }
  }

  /** `id` is the request's resource path and `type` the example's, both case-insensitively. */
  identity(label: string, actual: unknown, resourcePath: string | undefined, example: unknown): void {
    if (!isRecord(actual)) return;
    if (resourcePath && typeof actual['id'] === 'string' && actual['id'].toLowerCase() !== resourcePath.toLowerCase()) {
      this.add(`${label}: id ${actual['id']} is not the request path ${resourcePath}`);
    }
    if (isRecord(example) && typeof example['type'] === 'string' && typeof actual['type'] === 'string' && example['type'].toLowerCase() !== actual['type'].toLowerCase()) {
      this.add(`${label}: type ${actual['type']}, example ${example['type']}`);
    }
  }

  /**
   * `configurationProtectedSettings` is `x-ms-secret` in the extensions spec and absent from every
   * example response: neither the property nor any secret value the request sent may come back.
   */
  noSecrets(label: string, requestBody: unknown, actual: unknown): void {
    const sent = isRecord(requestBody) && isRecord(requestBody['properties']) ? requestBody['properties']['configurationProtectedSettings'] : undefined;
    const props = isRecord(actual) ? actual['properties'] : undefined;
    if (isRecord(props) && 'configurationProtectedSettings' in props) this.add(`${label}: properties.configurationProtectedSettings returned`);
    const text = JSON.stringify(actual ?? null);
    for (const v of isRecord(sent) ? Object.values(sent) : []) if (typeof v === 'string' && v && text.includes(v)) this.add(`${label}: a protected setting's value is returned`);
  }

  /** ARM's error envelope: `{ error: { code: string, message: string } }`. */
  errorShape(label: string, call: Call, status: number, code?: string): void {
    if (call.status !== status) this.add(`${label}: status ${call.status}, expected ${status}`);
    const error = isRecord(call.body) ? call.body['error'] : undefined;
    if (!isRecord(error)) {
      this.add(`${label}: no error object`);
      return;
    }
    if (typeof error['code'] !== 'string' || error['code'] === '') this.add(`${label}: error.code is ${typeOf(error['code'])}`);
    if (typeof error['message'] !== 'string' || error['message'] === '') this.add(`${label}: error.message is ${typeOf(error['message'])}`);
    if (code && error['code'] !== code) this.add(`${label}: error.code ${String(error['code'])}, expected ${code}`);
  }
}
