// Public API of the aml-k8s core.
export * from './offline.ts';
export * from './azure/gateway.ts';
export * from './azure/arm-config.ts';
export * from './azure/credential.ts';
export * from './azure/failures.ts';
export { SdkAzureGateway } from './azure/sdk-gateway.ts';
export * from './plan/plan-compute.ts';
export type { PlanAllOptions } from './plan/plan-all.ts';
export * from './plan/plan-spec-set.ts';
export * from './plan/plan-removal.ts';
export * from './plan/compute-tags.ts';
export * from './identity/attach-roles.ts';
export * from './plan/observe.ts';
export * from './plan/targets.ts';
export * from './plan/hash.ts';
export * from './apply/types.ts';
export * from './apply/apply.ts';
export { OFFLINE_GATEWAY } from './azure/offline-gateway.ts';
