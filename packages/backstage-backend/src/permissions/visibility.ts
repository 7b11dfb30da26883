// Which computes a request may see: the read permission's decision, as a predicate over statuses.
// ALLOW sees all, DENY none, CONDITIONAL those its criteria match (the rules' `toQuery`, evaluated
// over the in-memory snapshot, so one decision filters every compute without a call per compute).
import type { ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionCriteria, PolicyDecision } from '@backstage/plugin-permission-common';
import { createConditionTransformer, isAndCriteria, isNotCriteria, isOrCriteria } from '@backstage/plugin-permission-node';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import { normalizeOwnerRef } from './rules.ts';
import type { ComputeFilter } from './rules.ts';

export type Visibility =
  | { all: true }
  | { all: false; key: string; visible: (status: ComputeStatus) => boolean };

export const SEE_ALL: Visibility = { all: true };

function evaluate(criteria: PermissionCriteria<ComputeFilter>, status: ComputeStatus, owner: string | undefined): boolean {
  if (isAndCriteria(criteria)) return criteria.allOf.every((c) => evaluate(c, status, owner));
  if (isOrCriteria(criteria)) return criteria.anyOf.some((c) => evaluate(c, status, owner));
  if (isNotCriteria(criteria)) return !evaluate(criteria.not, status, owner);
  switch (criteria.key) {
    case 'owner':
      return owner !== undefined && criteria.values.includes(owner);
    default:
      return false; // a filter this version does not know shows nothing
  }
}

/**
 * The visibility a decision grants; `undefined` for DENY. `key` identifies the criteria (it goes
 * into ETags and cache keys: two users with different conditions never share an answer).
 */
export function visibilityOf(decision: PolicyDecision, ruleset: PermissionRuleset<ComputeStatus, ComputeFilter>): Visibility | undefined {
  if (decision.result === AuthorizeResult.ALLOW) return SEE_ALL;
  if (decision.result !== AuthorizeResult.CONDITIONAL) return undefined;
  const criteria = createConditionTransformer(ruleset)(decision.conditions);
  return {
    all: false,
    key: JSON.stringify(criteria),
    visible: (status) => evaluate(criteria, status, status.owner === undefined ? undefined : normalizeOwnerRef(status.owner)),
  };
}
