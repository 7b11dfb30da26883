import type { ArmRequest } from './http.ts';

/**
 * One page of a list response, `{ value, nextLink }`. The continuation is an offset carried in a
 * query parameter of the next link (providers differ: Kubernetes Configuration uses $skipToken,
 * Machine Learning $skip).
 */
export function page<T>(req: ArmRequest, items: readonly T[], pageSize: number, tokenParam: '$skipToken' | '$skip'): { value: T[]; nextLink?: string } {
  const raw = req.query.get(tokenParam);
  const offset = raw && /^\d+$/.test(raw) ? Number(raw) : 0;
  const value = items.slice(offset, offset + pageSize);
  if (offset + pageSize >= items.length) return { value };
  const next = new URLSearchParams(req.query);
  next.set(tokenParam, String(offset + pageSize));
  // Keep '$' literal in parameter names, as ARM's own next links do.
  const query = [...next].map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`).join('&');
  return { value, nextLink: `${req.origin}${req.path}?${query}` };
}
