// Public API of the aml-k8s core: everything in core.ts, plus the stages that talk to Azure and to
// Kubernetes (observe, plan, apply) and their clients.
export * from './core.ts';

// azure/
export * from './azure/gateway.ts';
export * from './azure/targets.ts';
export * from './azure/arm-config.ts';
export * from './azure/credential.ts';
export * from './azure/failures.ts';
export { SdkAzureGateway } from './azure/sdk-gateway.ts';
export { ArmPacer, armPacingPolicy, AZURE_ARM_PACING, type ArmPacing } from './azure/arm-pacing.ts';
export { OFFLINE_GATEWAY } from './azure/offline-gateway.ts';
export { withSharedPlanningReads } from './azure/shared-reads.ts';

// identity/ and cluster/
export * from './identity/attach-roles.ts';
export * from './cluster/kubernetes-api.ts';
export * from './cluster/cluster-objects.ts';
export { kubernetesApiFromKubeconfig, contextFor, FIELD_MANAGER } from './cluster/kubeconfig-api.ts';
export type { KubeconfigOptions } from './cluster/kubeconfig-api.ts';

// observe/
export * from './observe/observe.ts';

// plan/
export * from './plan/plan-compute.ts';
export { planAll } from './plan/plan-all.ts';
export type { PlanAllOptions } from './plan/plan-all.ts';
export type { PlanEvent } from './plan/events.ts';
export * from './plan/plan-spec-set.ts';
export * from './plan/plan-removal.ts';
export * from './plan/compute-tags.ts';
export * from './plan/hash.ts';

// apply/
export * from './apply/types.ts';
export * from './apply/apply.ts';
