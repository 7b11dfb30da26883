// Specs from the resources the format readers find: the other direction of `render --as terraform|bicep`.
export { importFound, importedYaml } from './import-found.ts';
export type { FoundImportInput, FoundImportOptions, FoundImportResult } from './import-found.ts';
export type { DeploymentScope } from './cluster.ts';
export { fileDeployment, isResourceGroupName, isSubscriptionId } from './deployment.ts';
export type { FileDeployment } from './deployment.ts';
export { mentionsInstanceTypes, readInstanceTypeManifests } from './manifests.ts';
export { FOUND_IMPORT_CODES } from './diagnostics.ts';
