// Terraform, ARM/REST JSON, Bicep and az ml compute YAML, read in place and checked by the rules.
export { CONFIG_EXTENSIONS, fileFormat, readFormat } from './read.ts';
export type { FileFormat } from './read.ts';
export { partitionInputs, validateConfigFiles, validateFiles } from './validate-files.ts';
export { loadConfigFiles, specPaths } from './load.ts';
export type { FilesValidation } from './validate-files.ts';
export { checkFoundResources } from './check.ts';
export { Expression, isExpression } from './found-resource.ts';
export type { FoundContext, FoundResource, ReadResult, ResourcePath, SourceFormat } from './found-resource.ts';
