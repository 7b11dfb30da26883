// The section of the plan comment and summary about the files the Action validates but never
// applies (InstanceType manifests, Terraform, ARM JSON, Bicep, az ml YAML).
import { diagnosticsMarkdown } from '@aml-k8s/shared/core';
import type { ValidatedOnly } from './specs.ts';

const MAX_LISTED = 20;
const code = (file: string): string => `\`${file.replaceAll('`', "'")}\``;

export function validatedOnlyErrors(v: ValidatedOnly): number {
  return v.diagnostics.filter((d) => d.severity === 'error').length;
}

/** Empty when there are no such files. */
export function validatedOnlyMarkdown(v: ValidatedOnly): string {
  if (v.files.length === 0) return '';
  const shown = v.diagnostics.filter((d) => d.severity !== 'info');
  const listed = v.files.slice(0, MAX_LISTED).map(code).join(', ') + (v.files.length > MAX_LISTED ? ` and ${v.files.length - MAX_LISTED} more` : '');
  const errors = validatedOnlyErrors(v);
  const verdict = errors > 0 ? `**${errors} error(s)**: each is annotated on its line; fix them and push again.` : shown.length > 0 ? 'No errors; the warnings are below and annotated on their lines.' : 'No problems found.';
  return [
    '#### Validated only, never applied',
    '',
    `${v.files.length} file(s) checked by the same rules as the specs: ${listed}. The Action does not apply InstanceType manifests, Terraform, ARM, Bicep or az ml YAML; their own tools do (kubectl, terraform, az deployment, az ml). ${verdict}`,
    '',
    diagnosticsMarkdown(shown, 'Diagnostics in these files'),
  ].join('\n');
}
