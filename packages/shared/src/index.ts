// Public API of the aml-k8s core.
export * from './diagnostics.ts';
export * from './spec/types.ts';
export type { ClusterFacts } from './spec/facts.ts';
export { parseSpecText } from './spec/parse.ts';
export type { ParsedSpec, ParseResult, SourcePosition, SpecPath } from './spec/parse.ts';
export { checkStructure } from './spec/structure.ts';
export { COMPUTE_SCHEMA } from './spec/schema.ts';
export { findSpecFiles, loadSpecFiles, SpecPathError } from './spec/load.ts';
export { validateSpecs } from './validate.ts';
export type { SpecInput, ValidateOptions, ValidatedSpec, ValidationResult } from './validate.ts';
export { RULES, ruleByCode } from './rules/index.ts';
export type { Rule, RuleCategory, RuleContext, RuleExample, Finding } from './rules/index.ts';
export { computeKey, extensionKey } from './rules/spec-set.ts';
export { settingsFromSpec, boolSetting, SETTING_DEFAULTS } from './settings/from-spec.ts';
export type { ExtensionSettings } from './settings/from-spec.ts';
export * from './settings/catalog.ts';
export { renderRulesMarkdown } from './docs/rules-doc.ts';
export { renderSchemaJson } from './docs/schema-file.ts';
