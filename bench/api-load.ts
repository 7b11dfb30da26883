// The client side of bench/api.ts, run as a process of its own (so that the figures are the
// server's, not a shared event loop's or heap's): concurrent keep-alive clients, timing each
// request from sending it to the answer's last byte. They ask for gzip as browsers do and do not
// decode it: with fetch (which decodes), the client's own work, not the server, set the latency.
// Takes its task as JSON on stdin, prints its figures as JSON on stdout. Node built-ins only, so
// the process starts fast.
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

export type LoadKind = 'page' | 'filtered' | 'revalidate';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export interface LoadFigures {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** The largest answer as sent (gzip-encoded when the server encoded it). */
  bytes: number;
  /** Answers that came gzip-encoded. */
  gzipped: number;
  statuses: Record<number, number>;
}

function pathOf(kind: LoadKind, i: number, count: number, etagCount: number): string {
  const pages = Math.max(1, Math.floor(count / 50));
  if (kind === 'page') return `/computes?limit=50&offset=${((i * 7919) % pages) * 50}`;
  if (kind === 'filtered') return `/computes?limit=50&workspace=ml-workspace-${i % 50}&state=${i % 2 ? 'Succeeded' : 'Failed'}&q=${i % 10}x`;
  return `/computes?limit=50&offset=${(i % etagCount) * 50}`;
}

export interface LoadTask {
  base: string;
  clients: number;
  total: number;
  kind: LoadKind;
  etags: string[];
  count: number;
  auth: string;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const d = JSON.parse(input) as LoadTask;
  const figures = await measure(d.auth, d.base, d.clients, d.total, (i) => pathOf(d.kind, i, d.count, d.etags.length), d.kind === 'revalidate' ? (i) => ({ 'if-none-match': d.etags[i % d.etags.length]! }) : undefined);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** One GET on a kept-alive connection: status, bytes on the wire, whether gzip-encoded. */
function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; bytes: number; gzip: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'accept-encoding': 'gzip, deflate, br', ...headers } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, gzip: res.headers['content-encoding'] === 'gzip' }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(auth: string, base: string, clients: number, total: number, path: (i: number) => string, headers: (i: number) => Record<string, string> = () => ({})): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  let bytes = 0;
  let gzipped = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const start = performance.now();
        const res = await get(agent, new URL(`${base}${path(i)}`), { authorization: auth, ...headers(i) });
        times.push(performance.now() - start);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        bytes = Math.max(bytes, res.bytes);
        if (res.gzip) gzipped++;
      }
    }),
  );
  agent.destroy();
  times.sort((a, b) => a - b);
  return { requests: total, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? 0, bytes, gzipped, statuses };
}
