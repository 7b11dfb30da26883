// Renders the rule registry as Markdown (docs/rules.md).
import { exampleText } from '../src/validate/rules/examples.ts';
import { RULES } from '../src/validate/rules/index.ts';
import type { RuleCategory } from '../src/validate/rules/rule.ts';

const CATEGORY_TITLES: Record<RuleCategory, string> = {
  structure: 'File structure',
  workloads: 'Workloads',
  settings: 'Configuration settings',
  inference: 'Inference router',
  tls: 'TLS',
  cluster: 'Cluster prerequisites (need live cluster facts)',
  attach: 'Workspace attach',
  'instance-types': 'Instance types',
  storage: 'Job data storage',
  'spec-set': 'Across spec files',
  templates: 'Terraform, ARM, Bicep and az ml YAML (without the az CLI)',
};
const FENCE: Record<string, string> = { '.tf': 'hcl', '.json': 'json', '.bicep': 'bicep', '.yml': 'yaml', '.yaml': 'yaml' };

export function renderRulesMarkdown(): string {
  const lines: string[] = [
    '# Validation rules',
    '',
    '<!-- Generated from packages/shared/src/rules by `npm run docs`. Do not edit by hand. -->',
    '',
    '`aml-k8s validate` checks every spec against these rules before any call to Azure. Errors are what Azure would reject (or what makes the install fail minutes later); warnings are what Azure accepts but almost certainly does not do what you meant; infos explain what aml-k8s will do for you.',
    'Rules marked *needs cluster facts* run during `plan` and `apply`, after aml-k8s has read the cluster from Azure.',
    '',
    '| code | rule | severity |',
    '|---|---|---|',
    ...RULES.map((r) => `| [${r.code}](#${r.code.toLowerCase()}) | ${r.title} | ${r.severity}${r.needsFacts ? ' (needs cluster facts)' : ''} |`),
    '',
  ];
  for (const category of Object.keys(CATEGORY_TITLES) as RuleCategory[]) {
    const rules = RULES.filter((r) => r.category === category);
    if (rules.length === 0) continue;
    lines.push(`## ${CATEGORY_TITLES[category]}`, '');
    for (const r of rules) {
      lines.push(`### ${r.code}`, '', `**${r.title}** (\`${r.name}\`, ${r.severity}${r.needsFacts ? ', needs cluster facts' : ''})`, '', r.doc, '', `Source: ${r.source}.`, '');
      const fail = r.examples.fail[0]!;
      const manifest = fail.overlay['@text'];
      if (typeof manifest === 'string' && fail.file) lines.push(`Reported for (${fail.title}), in \`${fail.file}\`:`, '', `\`\`\`${FENCE[fail.file.slice(fail.file.lastIndexOf('.'))] ?? ''}`, manifest.trimEnd(), '```', '');
      else if (typeof manifest === 'string' && /^kind: InstanceType/m.test(manifest)) lines.push(`Reported for (${fail.title}), in an InstanceType manifest:`, '', '```yaml', manifest.trimEnd(), '```', '');
      else if (!('@text' in fail.overlay) && !fail.others) {
        lines.push(`Reported for (${fail.title}):`, '', '```yaml', exampleText(fail.overlay).trimEnd(), '```', '');
      }
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
