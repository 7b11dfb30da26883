// The client side of bench/api.ts, run in a worker thread: concurrent keep-alive clients with
// fetch, timing each request. Node built-ins only, so the worker starts fast.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export type LoadKind = 'page' | 'filtered' | 'revalidate';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export interface LoadFigures {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  bytes: number;
  statuses: Record<number, number>;
}

function pathOf(kind: LoadKind, i: number, count: number, etagCount: number): string {
  const pages = Math.max(1, Math.floor(count / 50));
  if (kind === 'page') return `/computes?limit=50&offset=${((i * 7919) % pages) * 50}`;
  if (kind === 'filtered') return `/computes?limit=50&workspace=ml-workspace-${i % 50}&state=${i % 2 ? 'Succeeded' : 'Failed'}&q=${i % 10}x`;
  return `/computes?limit=50&offset=${(i % etagCount) * 50}`;
}

if (!isMainThread && workerData) {
  const d = workerData as { base: string; clients: number; total: number; kind: LoadKind; etags: string[]; count: number; auth: string };
  const figures = await measure(d.auth, d.base, d.clients, d.total, (i) => pathOf(d.kind, i, d.count, d.etags.length), d.kind === 'revalidate' ? (i) => ({ 'if-none-match': d.etags[i % d.etags.length]! }) : undefined);
  parentPort!.postMessage(figures);
}

async function measure(auth: string, base: string, clients: number, total: number, path: (i: number) => string, headers: (i: number) => Record<string, string> = () => ({})): Promise<LoadFigures> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let bytes = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const start = performance.now();
        const res = await fetch(`${base}${path(i)}`, { headers: { authorization: auth, ...headers(i) } });
        const body = await res.arrayBuffer();
        times.push(performance.now() - start);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        bytes = Math.max(bytes, body.byteLength);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { requests: total, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? 0, bytes, statuses };
}

