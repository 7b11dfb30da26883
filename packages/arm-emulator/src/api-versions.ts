import { armError, type Reply } from './http.ts';

/**
 * Which `api-version` values a resource type accepts. Real providers publish explicit lists; for
 * the types where aml-k8s only needs "a recent one", a date range keeps the table short.
 */
export type ApiVersionPolicy =
  | { readonly kind: 'list'; readonly versions: readonly string[] }
  | { readonly kind: 'range'; readonly min: string; readonly max: string; readonly previews: boolean };

export const EXTENSION_API_VERSIONS: ApiVersionPolicy = { kind: 'list', versions: ['2023-05-01', '2024-11-01', '2025-03-01'] };
export const COMPUTE_API_VERSIONS: ApiVersionPolicy = { kind: 'range', min: '2022-10-01', max: '2025-12-01', previews: true };
export const WORKSPACE_API_VERSIONS: ApiVersionPolicy = { kind: 'range', min: '2022-05-01', max: '2025-12-01', previews: true };
export const CLUSTER_API_VERSIONS: ApiVersionPolicy = { kind: 'range', min: '2021-03-01', max: '2025-12-01', previews: true };
export const RELAY_API_VERSIONS: ApiVersionPolicy = { kind: 'list', versions: ['2017-04-01', '2021-11-01', '2024-01-01'] };
export const AUTHORIZATION_API_VERSIONS: ApiVersionPolicy = { kind: 'range', min: '2015-07-01', max: '2022-05-01-preview', previews: true };
export const MANAGED_IDENTITY_API_VERSIONS: ApiVersionPolicy = { kind: 'list', versions: ['2018-11-30', '2023-01-31', '2023-07-31-preview', '2024-11-30'] };
export const RESOURCE_GRAPH_API_VERSIONS: ApiVersionPolicy = { kind: 'list', versions: ['2021-03-01', '2022-10-01', '2024-04-01'] };

const VERSION_SHAPE = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;

export function isApiVersionAccepted(policy: ApiVersionPolicy, version: string): boolean {
  if (policy.kind === 'list') return policy.versions.includes(version);
  const m = VERSION_SHAPE.exec(version);
  if (!m || !m[1]) return false;
  if (m[2] && !policy.previews) return false;
  const date = m[1];
  return date >= policy.min.slice(0, 10) && date <= policy.max.slice(0, 10);
}

function describe(policy: ApiVersionPolicy): string {
  return policy.kind === 'list'
    ? policy.versions.join(', ')
    : `${policy.min} to ${policy.max}${policy.previews ? ' (previews included)' : ''}`;
}

/** An ARM-style 400 when the request's api-version is missing or not served, else undefined. */
export function checkApiVersion(policy: ApiVersionPolicy, version: string | null, resourceType: string): Reply | undefined {
  if (!version) {
    return armError(400, 'MissingApiVersionParameter', "The 'api-version' query parameter is required on every request.");
  }
  if (!isApiVersionAccepted(policy, version)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is not supported for resource type '${resourceType}'. Supported versions: ${describe(policy)}.`,
    );
  }
  return undefined;
}
