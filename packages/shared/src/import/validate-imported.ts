// Judges what `import az` produced as Azure would: documents made from a create by the spec rules,
// with documentation placeholders and unassigned variables counted as filled in; documents made
// only of `az k8s-extension update` by the rules that apply to an update.
import type { Diagnostic } from '../diagnostics.ts';
import { sortDiagnostics } from '../diagnostics.ts';
import { RULES } from '../validate/rules/index.ts';
import { INVALID_VALUE_CODE, MISSING_FIELD_CODE, UNKNOWN_FIELD_CODE } from '../validate/structure.ts';
import { validateSpecs } from '../validate/validate.ts';
import type { UpdateScope, YamlImportResult } from './az.ts';
import { withPlaceholdersFilled } from './placeholders-filled.ts';

/**
 * Rules that judge the extension as a whole. An update sends only what it changes (the PATCH merges
 * it into what is installed), and az does not re-run these checks on update (reference §4: create
 * rules 4 to 8 are not re-run), so an update is never faulted for what it leaves out.
 */
export const WHOLE_EXTENSION_RULES: readonly string[] = [
  'workload-required',
  'inference-router-required',
  'tls-or-insecure',
  'tls-needs-cname',
  'nodeport-with-internal-load-balancer',
  'inference-settings-without-inference',
  'internal-load-balancer-needs-loadbalancer',
  'not-attached',
];

const wholeExtensionCodes = (): Set<string> => new Set(RULES.filter((r) => WHOLE_EXTENSION_RULES.includes(r.name)).map((r) => r.code));
const STRUCTURE_CODES = new Set([UNKNOWN_FIELD_CODE, MISSING_FIELD_CODE, INVALID_VALUE_CODE]);
/** The version rule reads autoUpgradeMinorVersion, which an update that does not send it leaves as installed. */
const AUTO_UPGRADE_DEPENDENT = /^spec\.extension\.(version|releaseTrain)$/;

/** Whether a finding on a document made of updates is about what the updates send. */
function concernsUpdate(d: Diagnostic, scope: UpdateScope, whole: ReadonlySet<string>): boolean {
  if (STRUCTURE_CODES.has(d.code)) return true;
  if (whole.has(d.code)) return false;
  if (d.path !== undefined && AUTO_UPGRADE_DEPENDENT.test(d.path)) return scope.autoUpgrade;
  return d.setting === undefined || scope.settings.includes(d.setting);
}

/**
 * An error about a setting whose value is an unassigned variable judges the stand-in put there for
 * validation, not the script: it is a warning to check once the value is known.
 */
function aboutVariable(d: Diagnostic, variables: readonly string[]): Diagnostic {
  if (d.severity !== 'error' || d.setting === undefined || !variables.includes(d.setting)) return d;
  return { ...d, severity: 'warning', message: `${d.message} (The value of ${d.setting} is a variable this text does not assign: check it once the value is known.)` };
}

/** Validation of the imported documents, as `file` (the name the imported YAML goes by in diagnostics). */
export function validateImported(imported: YamlImportResult, file: string): Diagnostic[] {
  if (imported.documents.length === 0) return [];
  const result = validateSpecs([{ file, text: withPlaceholdersFilled(imported.yaml) }], { readFile: () => undefined });
  const whole = wholeExtensionCodes();
  const judged = result.specs.flatMap((s, i) => {
    const scope = imported.updates[i];
    const kept = scope ? s.diagnostics.filter((d) => concernsUpdate(d, scope, whole)) : s.diagnostics;
    return kept.map((d) => aboutVariable(d, imported.variableSettings[i] ?? []));
  });
  const perSpec = new Set(result.specs.flatMap((s) => s.diagnostics));
  return sortDiagnostics([...result.diagnostics.filter((d) => !perSpec.has(d)), ...judged]);
}
