import type { ApiVersionPolicy } from './api-versions.ts';
import type { ArmRequest, Reply } from './http.ts';

export type Params = Readonly<Record<string, string>>;

/**
 * One ARM route. Pattern segments are literals (matched case-insensitively, as ARM does for
 * provider namespaces, resource types and names), `{name}` for one segment, or a leading
 * `{*scope}` for any ARM scope ("/subscriptions/s/resourceGroups/g/...", possibly empty).
 */
export interface Route<C> {
  readonly methods: readonly string[];
  readonly pattern: string;
  /** ARM type reported in api-version errors, e.g. 'Microsoft.KubernetesConfiguration/extensions'. */
  readonly resourceType: string;
  readonly apiVersions: ApiVersionPolicy;
  readonly handle: (req: ArmRequest, params: Params, ctx: C) => Reply | Promise<Reply>;
}

export function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

const compiled = new Map<string, string[]>();

function patternSegments(pattern: string): string[] {
  let segs = compiled.get(pattern);
  if (!segs) {
    segs = pattern.split('/').filter((s) => s.length > 0);
    compiled.set(pattern, segs);
  }
  return segs;
}

function matchFixed(pattern: readonly string[], segments: readonly string[], into: Record<string, string>): boolean {
  if (pattern.length !== segments.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith('{') && p.endsWith('}')) {
      into[p.slice(1, -1)] = s;
    } else if (p.toLowerCase() !== s.toLowerCase()) {
      return false;
    }
  }
  return true;
}

export function matchPath(pattern: string, segments: readonly string[]): Params | undefined {
  const pat = patternSegments(pattern);
  const params: Record<string, string> = {};
  const first = pat[0];
  if (first?.startsWith('{*')) {
    const rest = pat.slice(1);
    const cut = segments.length - rest.length;
    if (cut < 0) return undefined;
    if (!matchFixed(rest, segments.slice(cut), params)) return undefined;
    params[first.slice(2, -1)] = segments.slice(0, cut).length ? '/' + segments.slice(0, cut).join('/') : '';
    return params;
  }
  return matchFixed(pat, segments, params) ? params : undefined;
}

export interface RouteMatch<C> {
  readonly route: Route<C>;
  readonly params: Params;
}

/**
 * Finds the route for a request. When the path matches but the method does not, reports it so
 * the caller can answer 405 rather than 404.
 */
export function findRoute<C>(routes: readonly Route<C>[], method: string, segments: readonly string[]): RouteMatch<C> | 'method-not-allowed' | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPath(route.pattern, segments);
    if (!params) continue;
    if (route.methods.includes(method)) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}
