// Azure Resource Graph: one query across subscriptions, followed through its pages ($skipToken).
import type { ArmClient } from './arm-client.ts';

export const RESOURCE_GRAPH_API_VERSION = '2022-10-01';
/** The largest page Resource Graph serves. */
export const MAX_PAGE = 1000;

export type GraphRow = Record<string, unknown>;

export async function queryResourceGraph(client: ArmClient, query: string, subscriptions: readonly string[], pageSize = MAX_PAGE): Promise<GraphRow[]> {
  const rows: GraphRow[] = [];
  let skipToken: string | undefined;
  do {
    const body = {
      subscriptions,
      query,
      options: { $top: pageSize, resultFormat: 'objectArray', ...(skipToken ? { $skipToken: skipToken } : {}) },
    };
    const { body: page } = await client.send('POST', `/providers/Microsoft.ResourceGraph/resources?api-version=${RESOURCE_GRAPH_API_VERSION}`, body);
    const data = page?.data;
    if (Array.isArray(data)) rows.push(...(data as GraphRow[]));
    skipToken = typeof page?.$skipToken === 'string' && page.$skipToken ? page.$skipToken : undefined;
  } while (skipToken);
  return rows;
}

/** KQL string literal. */
export const kqlString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A property of a row, whatever the casing Resource Graph uses (its tables differ: `ExtensionType`). */
export function prop(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const rec = obj as Record<string, unknown>;
  if (name in rec) return rec[name];
  const lower = name.toLowerCase();
  const key = Object.keys(rec).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : rec[key];
}
