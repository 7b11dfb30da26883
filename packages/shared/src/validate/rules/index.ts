// The rule registry: every rule, in code order.
import { attachRules } from './attach.ts';
import { clusterRules } from './cluster.ts';
import { instanceTypeRules } from './instance-types.ts';
import type { Rule } from './rule.ts';
import { settingsRules } from './settings.ts';
import { specSetRules } from './spec-set.ts';
import { storageRules } from './storage.ts';
import { structureRules } from './structure.ts';
import { templateRules } from './templates.ts';
import { tlsRules } from './tls.ts';
import { workloadRules } from './workloads.ts';

export const RULES: readonly Rule[] = [
  ...structureRules,
  ...workloadRules,
  ...settingsRules,
  ...tlsRules,
  ...clusterRules,
  ...attachRules,
  ...instanceTypeRules,
  ...storageRules,
  ...specSetRules,
  ...templateRules,
].sort((a, b) => a.code.localeCompare(b.code));

const byCode = new Map(RULES.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code);
}

export type { Finding, Rule, RuleCategory, RuleContext, RuleExample } from './rule.ts';
