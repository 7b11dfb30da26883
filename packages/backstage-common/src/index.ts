// @aml-k8s/plugin-azureml-compute-common: what the azureml-compute frontend and backend packages
// share. The REST contract of the backend plugin's routes, the catalog conventions of the compute
// entities, and the plugin's permissions. Isomorphic: no Node, no core.
export * from './compute-status.ts';
export * from './compute-list.ts';
export type { Diagnostic, DiagnosticSeverity } from './diagnostic.ts';
export { AZUREML_COMPUTE_RESOURCE_TYPE, azuremlComputeListPermission, azuremlComputePermissions, azuremlComputeReadPermission } from './permissions.ts';
