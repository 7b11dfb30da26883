// `@aml-k8s/shared/core`: the parts of aml-k8s that never talk to Azure. A spec file's model,
// validation, settings, secrets, desired state, renderings and `az` import, and the plan's types
// and diffs. Nothing here loads the Azure SDK or a Kubernetes client, so the commands and adapters
// that only need this (validate, render, import, Backstage) start fast. `index.ts` adds observe,
// plan, apply and the Azure and Kubernetes clients.
export * from './errors.ts';
export * from './diagnostics.ts';

// model/: the spec file
export * from './model/types.ts';
export type { ClusterFacts } from './model/facts.ts';
export { parseSpecText } from './model/parse.ts';
export type { ParsedSpec, ParseResult, SourcePosition, SpecPath } from './model/parse.ts';
export { COMPUTE_SCHEMA } from './model/schema.ts';
export { findSpecFiles, isInside, loadSpecFiles, MAX_SPEC_FILE_BYTES, readSpecFile, SpecPathError, walkFiles } from './model/load.ts';
export type { SpecPathErrorCode, WalkOptions } from './model/load.ts';
export { FileReadError, readRegularFile } from './model/read-file.ts';
export type { FileReadFailure } from './model/read-file.ts';
export type { SpecInput } from './model/load.ts';
export * from './model/resource-ids.ts';
export { EXTENSION_TYPE } from './model/extension-type.ts';

// settings/: the extension's configuration settings
export { settingsFromSpec, boolSetting, SETTING_DEFAULTS } from './settings/from-spec.ts';
export type { ExtensionSettings } from './settings/from-spec.ts';
export * from './settings/catalog.ts';

// validate/
export { checkStructure } from './validate/structure.ts';
export { checkFacts, validateSpecs } from './validate/validate.ts';
export type { ValidateOptions, ValidatedManifest, ValidatedSpec, ValidationResult } from './validate/validate.ts';
export { RULES, ruleByCode } from './validate/rules/index.ts';
export type { Rule, RuleCategory, RuleContext, RuleExample, Finding } from './validate/rules/index.ts';
export { computeKey, extensionKey } from './validate/rules/spec-set.ts';
export { CONFIG_EXTENSIONS, fileFormat, loadConfigFiles, partitionInputs, specPaths, validateConfigFiles, validateFiles } from './formats/index.ts';
export type { FilesValidation, FoundResource, SourceFormat } from './formats/index.ts';
export { readFormat } from './formats/read.ts';
export * from './formats/to-spec/index.ts';

// secrets/
export * from './secrets/secret-value.ts';
export * from './secrets/resolve.ts';
export * from './secrets/hash.ts';
export * from './secrets/redact.ts';
export * from './secrets/file-check.ts';

// desire/
export * from './desire/desire.ts';
export * from './desire/desired-state.ts';
export * from './desire/azure-names.ts';
export * from './desire/relay.ts';
export * from './desire/storage.ts';
export { sdkExtension, sdkPatchExtension } from './desire/sdk-bodies.ts';

// observe/ and plan/: what the planner compares, and the plan it makes
export * from './observe/actual-state.ts';
export * from './plan/types.ts';
export * from './plan/diff-extension.ts';
export * from './plan/diff-compute.ts';
export { settingHazard } from './plan/hazards.ts';

// render/
export * from './render/arm.ts';
export * from './render/az.ts';
export * from './render/manifests.ts';
export * from './render/markdown.ts';
export * from './render/plan.ts';
export * from './render/progress.ts';
export * from './render/results.ts';
export * from './render/terraform.ts';
export * from './render/bicep.ts';
export type { IacSpec } from './render/terraform-inputs.ts';

// import/
export * from './import/az.ts';
export { IMPORT_CODES } from './import/diagnostics.ts';
export { withPlaceholdersFilled } from './import/placeholders-filled.ts';
export { validateImported } from './import/validate-imported.ts';

// catalog/ (moving to the Backstage packages)
