// An AzureML extension resource as the `extension` section of a spec: its settings read the way
// `import az` reads command-line settings (settings/to-spec.ts), expressions kept as placeholders,
// protected values never copied, and what aml-k8s derives itself left out.
import type { ClusterCoordinates } from '../../model/resource-ids.ts';
import type { ExtensionSpec } from '../../model/types.ts';
import { settingsToSpec } from '../../settings/to-spec.ts';
import type { RawSettingValue } from '../../settings/to-spec.ts';
import { PLAIN_PATH, PROTECTED_PATH, foundSettings } from '../extension-settings.ts';
import { asObject, isExpression } from '../found-resource.ts';
import type { FoundResource } from '../found-resource.ts';
import { derivedKeys } from './derived.ts';
import { FOUND_IMPORT_CODES } from './diagnostics.ts';
import type { FoundSink } from './diagnostics.ts';
import { envNameFor, expressionKind, placeholder } from './values.ts';

/** Body fields of a resource declaration that say where it goes, not what it is. */
const DECLARATION_FIELDS = new Set(['name', 'scope', 'parent', 'type', 'apiVersion', 'dependsOn', 'condition', 'copy', 'comments']);
const EXTENSION_PROPERTIES = new Set(['extensionType', 'autoUpgradeMinorVersion', 'releaseTrain', 'version', 'scope', 'configurationSettings', 'configurationProtectedSettings']);
/** Read-only fields a GET returns; a body copied from one carries them. */
const READ_ONLY = new Set(['provisioningState', 'statuses', 'errorInfo', 'customLocationSettings', 'packageUri', 'installedVersion', 'currentVersion', 'isSystemExtension', 'aksAssignedIdentity', 'systemData', 'id', 'etag']);

/** Settings az derives from the cluster's region: an expression for one reads the region at deployment. */
const REGION_KEYS = new Set(['domain', 'location', 'jobSchedulerLocation']);

export interface ImportedExtension {
  extension: ExtensionSpec;
  distribution?: string;
}

/** Fields the source sets that a spec has no place for. */
function reportUnsupported(r: FoundResource, sink: FoundSink): void {
  for (const key of Object.keys(r.body)) {
    if (key === 'properties' || key === 'identity' || DECLARATION_FIELDS.has(key) || READ_ONLY.has(key)) continue;
    sink.at(r, [key], 'warning', FOUND_IMPORT_CODES.unsupported, `A spec has no place for the extension's ${key}; it is not imported, and aml-k8s does not send it.`);
  }
  for (const key of Object.keys(asObject(r.body.properties) ?? {})) {
    if (EXTENSION_PROPERTIES.has(key) || READ_ONLY.has(key)) continue;
    sink.at(r, ['properties', key], 'warning', FOUND_IMPORT_CODES.unsupported, `A spec has no place for properties.${key}; it is not imported, and aml-k8s does not send it.`);
  }
}

function identityNotes(r: FoundResource, clusterType: 'aks' | 'arc', sink: FoundSink): void {
  const identity = asObject(r.body.identity);
  const type = typeof identity?.type === 'string' ? identity.type : undefined;
  if (clusterType === 'aks' && type !== undefined && type.toLowerCase() !== 'none') {
    sink.at(r, ['identity'], 'warning', FOUND_IMPORT_CODES.unsupported, `An identity of type ${type} on an AKS extension has no place in a spec: aml-k8s sends none, as az k8s-extension create does for AKS.`);
  } else if (clusterType === 'arc' && type?.toLowerCase() !== 'systemassigned') {
    sink.at(r, ['identity'], 'info', FOUND_IMPORT_CODES.unsupported, `aml-k8s gives the extension on an Arc cluster a system-assigned identity, as az k8s-extension create does${type ? `, not ${type}` : '; the source sets none'}.`);
  }
}

/** A literal text field of properties, or a placeholder (with a warning) for an expression. */
function textField(r: FoundResource, field: string, sink: FoundSink): string | undefined {
  const v = asObject(r.body.properties)?.[field];
  if (typeof v === 'string') return v;
  if (isExpression(v)) {
    sink.at(r, ['properties', field], 'warning', FOUND_IMPORT_CODES.expression, `${field} is \`${v.text}\`, ${expressionKind(r)}: kept as the placeholder ${placeholder(v)} in spec.extension.${field}. Replace it with the value.`);
    return placeholder(v);
  }
  return undefined;
}

function autoUpgrade(r: FoundResource, sink: FoundSink): boolean | undefined {
  const v = asObject(r.body.properties)?.autoUpgradeMinorVersion;
  if (isExpression(v)) {
    sink.at(r, ['properties', 'autoUpgradeMinorVersion'], 'warning', FOUND_IMPORT_CODES.expression, `autoUpgradeMinorVersion is \`${v.text}\`, ${expressionKind(r)}: the spec leaves it out (auto-upgrade on). Set spec.extension.autoUpgradeMinorVersion if it is meant to be false.`);
    return undefined;
  }
  if (v === false || (typeof v === 'string' && v.toLowerCase() === 'false')) return false;
  return undefined;
}

function releaseNamespace(r: FoundResource, sink: FoundSink): void {
  const scope = asObject(asObject(r.body.properties)?.scope);
  if (!scope) return;
  const ns = asObject(scope.cluster)?.releaseNamespace;
  if (ns !== undefined && ns !== 'azureml') sink.at(r, ['properties', 'scope', 'cluster', 'releaseNamespace'], 'warning', FOUND_IMPORT_CODES.unsupported, `The release namespace ${isExpression(ns) ? `\`${ns.text}\`` : `"${String(ns)}"`} has no place in a spec: aml-k8s installs the extension in the azureml namespace, as az k8s-extension create does.`);
  if (scope.namespace !== undefined) sink.at(r, ['properties', 'scope', 'namespace'], 'warning', FOUND_IMPORT_CODES.unsupported, 'A namespace-scoped AzureML extension has no place in a spec: aml-k8s installs it cluster-wide, as the extension requires.');
}

/** The settings maps as `settingsToSpec` takes them: expressions become placeholders, protected ones `$ENV` references. */
function settingMaps(r: FoundResource, sink: FoundSink): { plain: Record<string, RawSettingValue>; protected: Record<string, string>; fromExpression: Map<string, () => void> } {
  const found = foundSettings(r);
  const plain = Object.create(null) as Record<string, RawSettingValue>;
  const prot = Object.create(null) as Record<string, string>;
  // Reported once it is known the key stays in the spec (a derived one is left out).
  const fromExpression = new Map<string, () => void>();
  for (const [map, path, name] of [[found.plain, PLAIN_PATH, 'configurationSettings'], [found.protected, PROTECTED_PATH, 'configurationProtectedSettings']] as const) {
    if (isExpression(map)) sink.at(r, path, 'warning', FOUND_IMPORT_CODES.expression, `${name} is \`${map.text}\`, ${expressionKind(r)} as a whole: none of its settings can be imported. Write them out as a map to import them.`);
  }
  const usedEnv = new Set<string>();
  for (const [key, raw] of Object.entries(isExpression(found.plain) ? {} : found.plain)) {
    const v = raw;
    if (isExpression(v) && REGION_KEYS.has(key)) {
      sink.at(r, [...PLAIN_PATH, key], 'info', FOUND_IMPORT_CODES.derived, `${key} is \`${v.text}\`, ${expressionKind(r)}; aml-k8s sets it from the cluster's region at apply time, as az k8s-extension create does, so the spec leaves it out.`, key);
    } else if (isExpression(v)) {
      plain[key] = placeholder(v);
      sink.at(r, [...PLAIN_PATH, key], 'warning', FOUND_IMPORT_CODES.expression, `The setting ${key} is \`${v.text}\`, ${expressionKind(r)}: kept as the placeholder ${placeholder(v)}. Replace it with the value.`, key);
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') plain[key] = v;
    else {
      plain[key] = JSON.stringify(v);
      sink.at(r, [...PLAIN_PATH, key], 'warning', FOUND_IMPORT_CODES.unsupported, `The setting ${key} is not text; Azure receives settings as text, so it is imported as ${plain[key]}.`, key);
    }
  }
  for (const [key, raw] of Object.entries(isExpression(found.protected) ? {} : found.protected)) {
    const v = raw;
    if (isExpression(v)) {
      let env = envNameFor(v);
      for (let i = 2; usedEnv.has(env); i += 1) env = `${envNameFor(v)}_${i}`;
      usedEnv.add(env);
      prot[key] = `$${env}`;
      fromExpression.set(key, () => sink.at(r, [...PROTECTED_PATH, key], 'warning', FOUND_IMPORT_CODES.secret, `The protected setting ${key} is \`${v.text}\`, ${expressionKind(r)}: the spec reads it from the environment variable ${env}. Set ${env} before applying.`, key));
    } else prot[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return { plain, protected: prot, fromExpression };
}

export function importExtension(r: FoundResource, cluster: ClusterCoordinates, sink: FoundSink): ImportedExtension {
  reportUnsupported(r, sink);
  identityNotes(r, cluster.type, sink);
  releaseNamespace(r, sink);
  const extension: ExtensionSpec = {};
  const name = r.name;
  if (typeof name === 'string' && name !== 'azureml') extension.name = name;
  else if (isExpression(name)) {
    extension.name = placeholder(name);
    sink.at(r, ['name'], 'warning', FOUND_IMPORT_CODES.expression, `The extension name is \`${name.text}\`, ${expressionKind(r)}: kept as the placeholder ${placeholder(name)} in spec.extension.name. Replace it with the name.`);
  }
  const releaseTrain = textField(r, 'releaseTrain', sink);
  if (releaseTrain !== undefined && releaseTrain !== 'stable') extension.releaseTrain = releaseTrain;
  const version = textField(r, 'version', sink);
  if (version !== undefined) extension.version = version;
  const upgrade = autoUpgrade(r, sink);
  if (upgrade !== undefined) extension.autoUpgradeMinorVersion = upgrade;

  const maps = settingMaps(r, sink);
  const derived = derivedKeys(maps, cluster);
  // One note per map, at the first key: these are what a template has to spell out and a spec does not.
  if (derived.plain.length > 0) {
    const keys = derived.plain.map((k) => `"${k}"`).join(', ');
    sink.at(r, [...PLAIN_PATH, derived.plain[0]!], 'info', FOUND_IMPORT_CODES.derived, `${keys} ${derived.plain.length > 1 ? 'are' : 'is'} what aml-k8s sends anyway for this spec, as az k8s-extension create does, so the spec leaves ${derived.plain.length > 1 ? 'them' : 'it'} out.`);
    for (const key of derived.plain) delete maps.plain[key];
  }
  if (derived.protected.length > 0) {
    const keys = derived.protected.map((k) => `"${k}"`).join(', ');
    sink.at(r, [...PROTECTED_PATH, derived.protected[0]!], 'info', FOUND_IMPORT_CODES.derived, `${keys} ${derived.protected.length > 1 ? 'are' : 'is'} derived by aml-k8s from the other protected settings, as az k8s-extension create does, so the spec leaves ${derived.protected.length > 1 ? 'them' : 'it'} out.`);
    for (const key of derived.protected) delete maps.protected[key];
  }
  if (Object.hasOwn(maps.plain, 'domain')) {
    sink.at(r, [...PLAIN_PATH, 'domain'], 'info', FOUND_IMPORT_CODES.derived, 'domain is set by aml-k8s from the cluster\'s region at apply time (az k8s-extension create replaces a given one too), so the spec leaves it out.', 'domain');
    delete maps.plain.domain;
  }
  for (const [key, report] of maps.fromExpression) if (Object.hasOwn(maps.protected, key)) report();
  const result = settingsToSpec({ plain: maps.plain, protected: maps.protected });
  for (const note of result.notes) {
    if (note.kind === 'env-reference' && maps.fromExpression.has(note.key)) continue;
    const path = note.from === 'plain' ? [...PLAIN_PATH, note.key] : [...PROTECTED_PATH, note.key];
    const severity = note.kind === 'secret-replaced' || note.kind === 'moved-to-protected' ? 'warning' : 'info';
    sink.at(r, path, severity, FOUND_IMPORT_CODES.secret, note.message, note.key);
  }
  Object.assign(extension, result.extension);
  return { extension, ...(result.distribution ? { distribution: result.distribution } : {}) };
}
