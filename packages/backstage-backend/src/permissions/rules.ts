// The azureml-compute permission resource: its ref, its rules, and the condition exports policies
// use (`azuremlComputeConditions.isOwner(...)`, `createAzuremlComputeConditionalDecision`).
import { AZUREML_COMPUTE_RESOURCE_TYPE } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { createConditionExports, createPermissionResourceRef, createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod/v3';

/**
 * What the rules turn into (`toQuery`): a filter the list routes evaluate over their in-memory
 * snapshot. `owners` are normalized entity refs (`kind:namespace/name`, lower case).
 */
export type ComputeFilter = { key: 'owner'; values: string[] };

export const azuremlComputePermissionResourceRef = createPermissionResourceRef<ComputeStatus, ComputeFilter>().with({
  pluginId: 'azureml-compute',
  resourceType: AZUREML_COMPUTE_RESOURCE_TYPE,
});

/**
 * An owner as an entity ref the way the catalog completes it (kind `group`, namespace `default`
 * when left out), in lower case: `ml-platform` and `Group:default/ML-Platform` are the same owner.
 */
export function normalizeOwnerRef(ref: string): string {
  let s = ref.trim().toLowerCase();
  if (!s.includes(':')) s = `group:${s}`;
  const colon = s.indexOf(':');
  if (!s.slice(colon + 1).includes('/')) s = `${s.slice(0, colon + 1)}default/${s.slice(colon + 1)}`;
  return s;
}

/** Computes whose owner is one of the claims (typically the user's `ownershipEntityRefs`). Computes without an owner never match. */
export const isOwner = createPermissionRule({
  name: 'IS_OWNER',
  description: 'Allow computes owned by one of the given entity refs (the spec\'s metadata.owner)',
  resourceRef: azuremlComputePermissionResourceRef,
  paramsSchema: z.object({
    claims: z.array(z.string()).describe('Entity refs, e.g. the user\'s ownershipEntityRefs; one must be the compute\'s owner'),
  }),
  apply: (compute: ComputeStatus, { claims }: { claims: string[] }) => compute.owner !== undefined && claims.some((c) => normalizeOwnerRef(c) === normalizeOwnerRef(compute.owner!)),
  toQuery: ({ claims }: { claims: string[] }): ComputeFilter => ({ key: 'owner', values: claims.map(normalizeOwnerRef) }),
});

export const azuremlComputeRules = { isOwner };

export const { conditions: azuremlComputeConditions, createConditionalDecision: createAzuremlComputeConditionalDecision } = createConditionExports({
  resourceRef: azuremlComputePermissionResourceRef,
  rules: azuremlComputeRules,
});
