// Tags apply puts on every compute it attaches: how prune recognises computes aml-k8s manages.

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'aml-k8s';
/** `metadata.name` of the spec that attached the compute. */
export const SPEC_TAG = 'aml-k8s-spec';
