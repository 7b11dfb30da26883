import { RESOURCE_GRAPH_API_VERSIONS } from './api-versions.ts';
import { renderCluster } from './clusters.ts';
import type { EmulatorContext } from './context.ts';
import { renderExtension } from './extensions.ts';
import { armError, isRecord, json, type ArmRequest, type Reply } from './http.ts';
import type { Route } from './router.ts';
import type { ExtensionRecord } from './state.ts';
import { renderWorkspace } from './workspaces.ts';

/**
 * Azure Resource Graph, deliberately small. Two tables, holding what Azure's hold:
 * - `resources`: clusters (AKS, Arc) and AzureML workspaces. Not extensions (they are in the next
 *   table) and not `microsoft.machinelearningservices/workspaces/computes`, which Azure does not
 *   index: computes are read with the compute list API, per workspace.
 * - `kubernetesconfigurationresources`: the extensions, with Azure's PascalCase property names
 *   (`properties.ExtensionType`, `properties.ProvisioningState`, `properties.InstallState`,
 *   `properties.Version`, `properties.ConfigurationSettings`, ...).
 * A query is a table and a pipeline of
 *   where <field> (=~ | == | != | !~ | contains | startswith | in | in~) <value> [and ...]
 *   project <field>, ...      order by <field> [asc|desc]      limit|take <n>      count
 * Fields are column names or dotted paths into them (properties.ProvisioningState); `project`
 * names a path's column as Azure does, dots as underscores (`properties_ProvisioningState`).
 * Pages ($skipToken) need an `id` column; without one a result larger than the page is cut and
 * `resultTruncated` is "true". The index can lag ARM (`resourceGraphDelayMs`). Anything else is
 * answered 400 InvalidQuery, so a query the emulator does not understand is never silently
 * answered wrong.
 */

export type Row = Record<string, unknown>;

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; text: string };

export class QueryError extends Error {}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'" || ch === '"') {
      const end = query.indexOf(ch, i + 1);
      if (end < 0) throw new QueryError(`unterminated string starting at position ${i}`);
      tokens.push({ kind: 'string', text: query.slice(i + 1, end) });
      i = end + 1;
    } else if (/[=!]/.test(ch)) {
      const two = query.slice(i, i + 2);
      if (!['=~', '==', '!=', '!~'].includes(two)) throw new QueryError(`unexpected '${two}' at position ${i}`);
      tokens.push({ kind: 'op', text: two });
      i += 2;
    } else if (/[|,()]/.test(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else {
      const m = /^(?:[A-Za-z_][A-Za-z0-9_.]*~?|\d+)/.exec(query.slice(i));
      if (!m) throw new QueryError(`unexpected character '${ch}' at position ${i}`);
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

type Comparison = { field: string; op: string; values: string[] };
type Stage =
  | { kind: 'where'; conditions: Comparison[] }
  | { kind: 'project'; fields: string[] }
  | { kind: 'order'; field: string; descending: boolean }
  | { kind: 'limit'; n: number }
  | { kind: 'count' };

/** `resources`, or `kubernetesconfigurationresources` (extensions only, as in Azure). */
export type Table = 'resources' | 'kubernetesconfigurationresources';
const TABLES: readonly string[] = ['resources', 'kubernetesconfigurationresources'];

export interface ParsedQuery {
  readonly table: Table;
  readonly stages: readonly Stage[];
}

const COMPARISONS = new Set(['=~', '==', '!=', '!~', 'contains', 'startswith', 'in', 'in~']);

export function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (what: string): Token => {
    const t = tokens[pos++];
    if (!t) throw new QueryError(`expected ${what} but the query ended`);
    return t;
  };
  const word = (what: string): string => {
    const t = next(what);
    if (t.kind !== 'word') throw new QueryError(`expected ${what}, found '${t.text}'`);
    return t.text;
  };
  const tableName = word('a table name');
  const table = tableName.toLowerCase();
  if (!TABLES.includes(table)) throw new QueryError(`table '${tableName}' is not supported; only ${TABLES.map((t) => `'${t}'`).join(' and ')} are`);
  const stages: Stage[] = [];
  while (pos < tokens.length) {
    const bar = next("'|'");
    if (bar.text !== '|') throw new QueryError(`expected '|', found '${bar.text}'`);
    const op = word('an operator').toLowerCase();
    if (op === 'where') {
      const conditions: Comparison[] = [];
      for (;;) {
        const field = word('a field name');
        const cmp = next('a comparison');
        const cmpText = cmp.text.toLowerCase();
        if (!COMPARISONS.has(cmpText)) throw new QueryError(`comparison '${cmp.text}' is not supported`);
        const values: string[] = [];
        if (cmpText === 'in' || cmpText === 'in~') {
          if (next("'('").text !== '(') throw new QueryError(`expected '(' after ${cmp.text}`);
          for (;;) {
            const v = next('a string');
            if (v.kind !== 'string') throw new QueryError(`expected a string literal, found '${v.text}'`);
            values.push(v.text);
            const sep = next("',' or ')'");
            if (sep.text === ')') break;
            if (sep.text !== ',') throw new QueryError(`expected ',' or ')', found '${sep.text}'`);
          }
        } else {
          const v = next('a string');
          if (v.kind !== 'string') throw new QueryError(`expected a string literal, found '${v.text}'`);
          values.push(v.text);
        }
        conditions.push({ field, op: cmpText, values });
        if (peek()?.kind === 'word' && peek()?.text.toLowerCase() === 'and') {
          pos++;
          continue;
        }
        break;
      }
      stages.push({ kind: 'where', conditions });
    } else if (op === 'project') {
      const fields = [word('a field name')];
      while (peek()?.text === ',') {
        pos++;
        fields.push(word('a field name'));
      }
      stages.push({ kind: 'project', fields });
    } else if (op === 'order' || op === 'sort') {
      if (word("'by'").toLowerCase() !== 'by') throw new QueryError(`expected 'by' after ${op}`);
      const field = word('a field name');
      let descending = true; // KQL sorts descending by default
      const dir = peek();
      if (dir?.kind === 'word' && ['asc', 'desc'].includes(dir.text.toLowerCase())) {
        descending = dir.text.toLowerCase() === 'desc';
        pos++;
      }
      stages.push({ kind: 'order', field, descending });
    } else if (op === 'limit' || op === 'take') {
      const n = word('a number');
      if (!/^\d+$/.test(n)) throw new QueryError(`expected a number after ${op}, found '${n}'`);
      stages.push({ kind: 'limit', n: Number(n) });
    } else if (op === 'count') {
      stages.push({ kind: 'count' });
    } else {
      throw new QueryError(`operator '${op}' is not supported by the emulator`);
    }
  }
  return { table: table as Table, stages };
}

function lookup(row: Row, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** The column `project` makes of a field: `properties.provisioningState` → `properties_provisioningState`. */
export function columnName(field: string): string {
  return field.replace(/\./g, '_');
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function test(row: Row, c: Comparison): boolean {
  const actual = asText(lookup(row, c.field));
  const lower = actual.toLowerCase();
  const v = c.values[0] ?? '';
  switch (c.op) {
    case '==':
      return actual === v;
    case '=~':
      return lower === v.toLowerCase();
    case '!=':
      return actual !== v;
    case '!~':
      return lower !== v.toLowerCase();
    case 'contains':
      return lower.includes(v.toLowerCase());
    case 'startswith':
      return lower.startsWith(v.toLowerCase());
    case 'in':
      return c.values.includes(actual);
    case 'in~':
      return c.values.some((x) => x.toLowerCase() === lower);
    default:
      return false;
  }
}

export function runQuery(query: ParsedQuery, input: readonly Row[]): Row[] {
  let rows = [...input];
  for (const stage of query.stages) {
    switch (stage.kind) {
      case 'where':
        rows = rows.filter((r) => stage.conditions.every((c) => test(r, c)));
        break;
      case 'project':
        rows = rows.map((r) => Object.fromEntries(stage.fields.map((f) => [columnName(f), lookup(r, f) ?? null])));
        break;
      case 'order': {
        const sign = stage.descending ? -1 : 1;
        rows = rows.sort((a, b) => sign * asText(lookup(a, stage.field)).localeCompare(asText(lookup(b, stage.field))));
        break;
      }
      case 'limit':
        rows = rows.slice(0, stage.n);
        break;
      case 'count':
        rows = [{ Count: rows.length }];
        break;
    }
  }
  return rows;
}

function resourceGroupOf(id: string): string {
  return (/\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '').toLowerCase();
}

function subscriptionOf(id: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '';
}

function toRow(resource: Record<string, unknown>, tenantId: string): Row {
  const id = String(resource['id']);
  return {
    id,
    name: resource['name'],
    type: String(resource['type']).toLowerCase(),
    tenantId,
    kind: typeof resource['kind'] === 'string' ? resource['kind'] : '',
    location: typeof resource['location'] === 'string' ? resource['location'] : '',
    resourceGroup: resourceGroupOf(id),
    subscriptionId: subscriptionOf(id),
    managedBy: '',
    sku: resource['sku'] ?? null,
    plan: null,
    properties: resource['properties'] ?? {},
    tags: resource['tags'] ?? {},
    identity: resource['identity'] ?? null,
    zones: null,
    extendedLocation: null,
  };
}

/** Azure's PascalCase for a property name: `provisioningState` → `ProvisioningState`. */
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Keys PascalCased all the way down, except inside maps of user keys (settings). */
function pascalCased(value: unknown, maps: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(value)) return value.map((v) => pascalCased(v));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascal(k), maps.has(k) ? v : pascalCased(v)]));
}

/** The extension's install state as Resource Graph reports it (the older API's enum). */
function installStateOf(provisioningState: string): string {
  const s = provisioningState.toLowerCase();
  if (s === 'succeeded') return 'Installed';
  if (s === 'failed' || s === 'canceled') return 'Failed';
  if (s === 'deleting') return 'Deleting';
  return 'Pending';
}

/** An extension as a `kubernetesconfigurationresources` row: PascalCase properties, as in Azure. */
function extensionRow(e: ExtensionRecord, tenantId: string): Row {
  const rendered = renderExtension(e);
  const row = toRow(rendered, tenantId);
  const properties = pascalCased(rendered['properties'], new Set(['configurationSettings'])) as Record<string, unknown>;
  // `Version` is what is installed (the GET body's `version` is only the pinned one).
  properties['Version'] = e.currentVersion ?? e.version ?? null;
  properties['InstallState'] = installStateOf(e.provisioningState);
  return { ...row, properties };
}

/** Every resource of a table as Resource Graph rows, live (no indexing delay), in a stable order. */
export function resourceRows(ctx: EmulatorContext, table: Table = 'resources'): Row[] {
  const tenantId = ctx.config.tenantId;
  const rows: Row[] = [];
  if (table === 'resources') {
    for (const c of ctx.state.clusters.values()) rows.push(toRow(renderCluster(c, tenantId), tenantId));
    for (const w of ctx.state.workspaces.values()) rows.push(toRow(renderWorkspace(w, tenantId), tenantId));
  } else {
    for (const e of ctx.state.extensions.values()) rows.push(extensionRow(e, tenantId));
  }
  return rows.sort((a, b) => String(a['id']).toLowerCase().localeCompare(String(b['id']).toLowerCase()));
}

/**
 * The index Resource Graph answers from when it lags ARM: what it shows (`indexed`) and the
 * changes it has noticed but not yet shown (`pending`, with when they were noticed). Changes are
 * noticed when a query looks, and show `resourceGraphDelayMs` later.
 */
interface LaggingIndex {
  indexed: Map<string, { row: Row; text: string }>;
  pending: Map<string, { row: Row | undefined; text: string; since: number }>;
}

const indexes = new WeakMap<EmulatorContext, Map<Table, LaggingIndex>>();

function indexedRows(ctx: EmulatorContext, table: Table): Row[] {
  const delay = ctx.config.resourceGraphDelayMs;
  const live = resourceRows(ctx, table);
  if (delay <= 0) return live;
  let perTable = indexes.get(ctx);
  if (!perTable) indexes.set(ctx, (perTable = new Map()));
  let index = perTable.get(table);
  if (!index) perTable.set(table, (index = { indexed: new Map(), pending: new Map() }));
  const now = ctx.now();
  const liveById = new Map(live.map((r) => [String(r['id']).toLowerCase(), r]));
  for (const key of new Set([...liveById.keys(), ...index.indexed.keys(), ...index.pending.keys()])) {
    const row = liveById.get(key);
    const text = row ? JSON.stringify(row) : '';
    const pending = index.pending.get(key);
    if (pending ? pending.text !== text : (index.indexed.get(key)?.text ?? '') !== text) {
      index.pending.set(key, { row, text, since: now });
    }
  }
  for (const [key, p] of index.pending) {
    if (now - p.since < delay) continue;
    if (p.row) index.indexed.set(key, { row: p.row, text: p.text });
    else index.indexed.delete(key);
    index.pending.delete(key);
  }
  return [...index.indexed.values()].map((v) => v.row).sort((a, b) => String(a['id']).toLowerCase().localeCompare(String(b['id']).toLowerCase()));
}

function invalidQuery(message: string): Reply {
  return armError(400, 'BadRequest', 'The query could not be run. See details.', {
    details: [{ code: 'InvalidQuery', message: `Query is invalid: ${message}` }],
  });
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ $skip: offset })).toString('base64url');
}

function decodeSkipToken(token: string): number | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return isRecord(value) && typeof value['$skip'] === 'number' ? value['$skip'] : undefined;
  } catch {
    return undefined;
  }
}

function queryResources(req: ArmRequest, ctx: EmulatorContext): Reply {
  const body = req.body;
  if (!isRecord(body) || typeof body['query'] !== 'string') return invalidQuery("the request body needs a 'query' string");
  const subscriptions = body['subscriptions'];
  if (subscriptions !== undefined && (!Array.isArray(subscriptions) || !subscriptions.every((s) => typeof s === 'string'))) {
    return invalidQuery("'subscriptions' must be an array of subscription ids");
  }
  const options = isRecord(body['options']) ? body['options'] : {};
  const top = options['$top'] ?? 100;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > 1000) return invalidQuery('options.$top must be an integer from 1 to 1000');
  let offset = typeof options['$skip'] === 'number' ? options['$skip'] : 0;
  if (typeof options['$skipToken'] === 'string') {
    const decoded = decodeSkipToken(options['$skipToken']);
    if (decoded === undefined) return invalidQuery('options.$skipToken is not a token this service issued');
    offset = decoded;
  }
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(body['query']);
  } catch (e) {
    if (e instanceof QueryError) return invalidQuery(e.message);
    throw e;
  }
  const subs = Array.isArray(subscriptions) ? new Set(subscriptions.map((s) => String(s).toLowerCase())) : undefined;
  const input = indexedRows(ctx, parsed.table).filter((r) => !subs || subs.has(String(r['subscriptionId']).toLowerCase()));
  const all = runQuery(parsed, input);
  const data = all.slice(offset, offset + top);
  const more = offset + top < all.length;
  // Azure pages only results with an `id` column; others are cut at the page and say so.
  const pageable = all.every((r) => typeof r['id'] === 'string');
  return json(200, {
    totalRecords: all.length,
    count: data.length,
    data,
    facets: [],
    resultTruncated: more && !pageable ? 'true' : 'false',
    ...(more && pageable ? { $skipToken: encodeSkipToken(offset + top) } : {}),
  });
}

export const resourceGraphRoutes: Route<EmulatorContext>[] = [
  {
    methods: ['POST'],
    pattern: 'providers/Microsoft.ResourceGraph/resources',
    resourceType: 'Microsoft.ResourceGraph/resources',
    apiVersions: RESOURCE_GRAPH_API_VERSIONS,
    handle: (req, _p, ctx) => queryResources(req, ctx),
  },
];
