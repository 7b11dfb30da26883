// @aml-k8s/plugin-azureml-compute-node: Node code that the azureml-compute backend plugin and the
// catalog module share. Both read the spec files themselves, with the same code: the configured
// locations (local folders, or repository folders through the UrlReader), the computes those files
// declare, and the Azure resources each names.
export { CONFIG_ROOT, readGlobalSchedule, readSpecLocations } from './config.ts';
export { LocationSpecSource } from './specs/source.ts';
export type { LocatedSpecText, LocationSpecSourceOptions, SpecLocation, SpecReadResult, SpecSource } from './specs/source.ts';
export { inventoryOf } from './specs/inventory.ts';
export type { Inventory } from './specs/inventory.ts';
export { azureIdsOf, workspaceResourceId } from './specs/entry.ts';
export type { AzureIds, ComputeSpecEntry } from './specs/entry.ts';
