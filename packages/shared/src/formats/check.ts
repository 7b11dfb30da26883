// Runs the rule registry on resources read from Terraform, ARM/REST JSON, Bicep and az ml YAML:
// the spec rules through a spec view of each resource (same codes, positions in the source), and
// the rules written for these files (`checkFound`). A finding that rests on a value only known at
// deployment becomes an info saying what could not be checked.
import type { Diagnostic } from '../diagnostics.ts';
import { sortDiagnostics } from '../diagnostics.ts';
import { settingsFromSpec } from '../settings/from-spec.ts';
import { RULES } from '../validate/rules/index.ts';
import type { Finding, Rule, RuleCategory, RuleContext } from '../validate/rules/rule.ts';
import { AMLK_NOT_CHECKED } from './codes.ts';
import { PLAIN_PATH, PROTECTED_PATH, foundSettings, isAzureMlExtension, settingValue } from './extension-settings.ts';
import { isExpression, unknownAt } from './found-resource.ts';
import type { Expression, FoundResource, ResourcePath } from './found-resource.ts';
import { inSourceTerms } from './source-terms.ts';
import { specView } from './spec-view.ts';
import type { SpecView } from './spec-view.ts';

/** Spec rule categories that apply to what these files declare (not the spec format, cluster facts, storage or spec sets). */
const VIEWED: ReadonlySet<RuleCategory> = new Set(['workloads', 'settings', 'inference', 'tls', 'attach', 'instance-types']);
const EXTENSION_CATEGORIES: ReadonlySet<RuleCategory> = new Set(['workloads', 'settings', 'inference', 'tls']);
/**
 * Spec rules that do not carry over: AMLK115 (keys aml-k8s computes itself are what these files must
 * set, see AMLK192), AMLK134 (PEM files named in a template are read on another machine, see AMLK194)
 * and AMLK155 (an extension resource is not an attach).
 */
const NOT_VIEWED = new Set(['AMLK115', 'AMLK134', 'AMLK155']);
/** Settings whose value (not just presence) decides the workload, inference and TLS rules as a whole. */
const DECISIVE = ['enableTraining', 'enableInference', 'inferenceRouterServiceType', 'internalLoadBalancerProvider', 'allowInsecureConnections', 'inferenceRouterHA', 'clusterPurpose'];

function diagnostic(r: FoundResource, rule: Rule, f: Finding, path: ResourcePath, valueIsKey = false): Diagnostic {
  const pos = r.position(path, f.atValue && !valueIsKey ? 'value' : 'key');
  const d: Diagnostic = { severity: f.severity ?? rule.severity, code: rule.code, message: f.message, file: r.file, line: pos.line, column: pos.column, path: path.join('.') };
  if (f.setting) d.setting = f.setting;
  return d;
}

const shorten = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

function notChecked(r: FoundResource, rule: Rule, path: ResourcePath, what: string, expression: string): Diagnostic {
  const pos = r.position(path);
  return {
    severity: 'info',
    code: AMLK_NOT_CHECKED,
    message: `${rule.code} (${rule.title}) not checked: ${what} is an expression (${shorten(expression)}), known only at deployment.`,
    file: r.file,
    line: pos.line,
    column: pos.column,
    path: path.join('.'),
  };
}

/** Where the source sets a key, in either map. */
function settingPath(r: FoundResource, key: string | undefined): ResourcePath | undefined {
  if (key === undefined) return undefined;
  const s = foundSettings(r);
  if (!isExpression(s.plain) && Object.hasOwn(s.plain, key)) return [...PLAIN_PATH, key];
  if (!isExpression(s.protected) && Object.hasOwn(s.protected, key)) return [...PROTECTED_PATH, key];
  return undefined;
}

/** The whole settings map is computed: none of the settings rules can run. */
function settingsUnknown(r: FoundResource, expression: string): Diagnostic {
  const pos = r.position(PLAIN_PATH);
  return { severity: 'info', code: AMLK_NOT_CHECKED, message: `The configuration settings are one expression (${shorten(expression)}), known only at deployment: none of the settings rules could check them. Write the map out literally to have them checked.`, file: r.file, line: pos.line, column: pos.column, path: PLAIN_PATH.join('.') };
}

/** The expression a finding rests on, if any: at its place, its setting, or a setting deciding its rule. */
function unknownBehind(r: FoundResource, view: SpecView, rule: Rule, f: Finding, path: ResourcePath): { what: string; text: string } | undefined {
  const settings = foundSettings(r);
  // A protected value may interpolate secret text around the unknown part: never quoted.
  const shown = (v: Expression, isProtected: boolean): string => (isProtected ? 'a protected value, not shown' : v.text);
  const here = unknownAt(r.body, path);
  if (here) return { what: `"${String(path[path.length - 1])}"`, text: shown(here, PROTECTED_PATH.every((seg, i) => path[i] === seg)) };
  const ofKey = (key: string): { what: string; text: string } | undefined => {
    const plain = settingValue(settings.plain, key);
    if (isExpression(plain)) return { what: `"${key}"`, text: plain.text };
    const prot = settingValue(settings.protected, key);
    return isExpression(prot) ? { what: `"${key}"`, text: shown(prot, true) } : undefined;
  };
  if (f.setting && view.unknownSettings.has(f.setting)) return ofKey(f.setting);
  if (EXTENSION_CATEGORIES.has(rule.category) && rule.category !== 'settings') {
    const key = DECISIVE.find((k) => view.unknownSettings.has(k));
    if (key) return ofKey(key);
  }
  return undefined;
}

function viewDiagnostics(r: FoundResource, view: SpecView): Diagnostic[] {
  const doc = view.parsed.doc;
  const settings = settingsFromSpec(doc);
  const ctx: RuleContext = { spec: view.parsed, doc, settings, readFile: () => undefined, readEnv: () => undefined };
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const rule of RULES) {
    if (!rule.check || rule.needsFacts || !VIEWED.has(rule.category) || NOT_VIEWED.has(rule.code)) continue;
    if (!doc.spec.extension && EXTENSION_CATEGORIES.has(rule.category)) continue;
    for (const f of rule.check(ctx)) {
      const specPath = f.path ?? (f.setting ? settings.origins[f.setting]?.[0] : undefined) ?? ['spec', 'extension'];
      const path = settingPath(r, f.setting) ?? view.exactPath(specPath) ?? view.sourcePath(specPath);
      const unknown = unknownBehind(r, view, rule, f, path);
      if (!unknown) out.push(diagnostic(r, rule, { ...f, message: inSourceTerms(f.message, r) }, path, view.valueIsKey.has(path.join('.'))));
      else if (!reported.has(rule.code)) {
        reported.add(rule.code);
        out.push(notChecked(r, rule, path, unknown.what, unknown.text));
      }
    }
  }
  // The settings reading moves secret material out of plain settings; in these files it stays there.
  const secretRule = RULES.find((x) => x.code === 'AMLK111');
  for (const note of view.notes) {
    if (note.kind !== 'moved-to-protected' || note.from !== 'plain' || !secretRule) continue;
    out.push(diagnostic(r, secretRule, { setting: note.key, message: `The value of "${note.key}" looks like secret material in plain configuration settings, which anyone who can read the extension sees. Move it to the protected settings (\`configurationProtectedSettings\`; Terraform \`configuration_protected_settings\`), fed from a secret store.` }, [...PLAIN_PATH, note.key]));
  }
  return out;
}

/** Every rule's findings on the resources read together (from one or several files). */
export function checkFoundResources(resources: readonly FoundResource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const view = specView(r);
    if (view) out.push(...viewDiagnostics(r, view));
    else if (isAzureMlExtension(r)) {
      const plain = foundSettings(r).plain;
      if (isExpression(plain)) out.push(settingsUnknown(r, plain.text));
    }
    for (const rule of RULES) {
      if (!rule.checkFound) continue;
      for (const f of rule.checkFound({ resource: r, all: resources })) out.push(diagnostic(r, rule, f, f.path ?? []));
    }
  }
  return sortDiagnostics(out);
}
