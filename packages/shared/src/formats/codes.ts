// Rule codes the format readers report themselves (the rules are in validate/rules/templates.ts).
export const AMLK_LEGACY_AZML_SCHEMA = 'AMLK189';
export const AMLK_CONFIG_SYNTAX = 'AMLK190';
export const AMLK_NOT_CHECKED = 'AMLK191';
