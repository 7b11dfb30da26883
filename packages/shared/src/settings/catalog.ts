// Views of the settings table (model/settings-table.ts) that the rules, the import and the planner
// ask: the keys a user may give, the keys aml-k8s derives itself, secrets, defaults. Keys are
// case-sensitive: the az CLI looks them up exactly as written. Only the legacy keys live here.
import { SETTINGS_TABLE } from '../model/settings-table.ts';
import type { SettingKind, SettingRow } from '../model/settings-table.ts';

export type { SettingKind, SettingRow } from '../model/settings-table.ts';
export { INFERENCE_ONLY_KEYS, ROUTER_SERVICE_TYPES, CLUSTER_PURPOSES, isInferenceOnlyKey, settingRow, settingEnumValue, settingEnumValues } from '../model/settings-table.ts';

export interface KnownSetting {
  key: string;
  kind: SettingKind;
  /** Allowed values for `enum`, as Azure documents them, compared case-insensitively unless `caseSensitive`. */
  values?: readonly string[];
  caseSensitive?: boolean;
  /** Where Azure accepts it: plain (P), protected (S), or either. */
  where: 'plain' | 'protected' | 'either';
  /** The typed spec fields that produce this key, if any. */
  specFields?: readonly string[];
  summary: string;
}

const rows: readonly SettingRow[] = SETTINGS_TABLE;

function known(row: SettingRow): KnownSetting {
  const out: KnownSetting = { key: row.key, kind: row.kind, where: row.where, summary: row.summary };
  if (row.values) out.values = row.values.map((v) => v.azure ?? v.value);
  if (row.caseSensitive) out.caseSensitive = true;
  if (row.spec) out.specFields = row.spec.map((s) => s.path);
  return out;
}

/** Every key a user may give (typed fields, raw keys, Helm pass-through); not the families (`nodeSelector.*`) nor the derived keys. */
export const KNOWN_SETTINGS: readonly KnownSetting[] = rows.filter((r) => r.origin !== 'derived' && r.prefix === undefined).map(known);

/** Keys set by aml-k8s (or the az CLI) itself; users should not set them by hand. */
export const INJECTED_KEYS: readonly string[] = rows.filter((r) => r.origin === 'derived' && r.prefix === undefined).map((r) => r.key);

export interface LegacySetting {
  key: string;
  /** What to write instead. */
  replacement: string;
  /** How the current az CLI treats the legacy key. */
  effect: string;
}

export const LEGACY_SETTINGS: readonly LegacySetting[] = [
  { key: 'inferenceLoadBalancerHA', replacement: 'inferenceRouterHA', effect: 'ignored since k8s-extension 1.2.2' },
  { key: 'inferenceLoadbalancerHA', replacement: 'inferenceRouterHA', effect: 'ignored since k8s-extension 1.2.2' },
  { key: 'privateEndpointNodeport', replacement: 'inferenceRouterServiceType=NodePort', effect: 'renamed in k8s-extension 1.2.0; no longer read' },
  { key: 'privateEndpointILB', replacement: 'internalLoadBalancerProvider=azure', effect: 'renamed in k8s-extension 1.2.0; no longer read' },
  { key: 'RelayConnectionString', replacement: 'relayServerConnectionString', effect: 'removed' },
  { key: 'reuseExistingPromOp', replacement: 'installPromOp=false (inverse meaning)', effect: 'no longer read' },
  { key: 'sslCertKeyFile', replacement: 'sslKeyPemFile', effect: 'a documentation typo: ignored, so TLS stays off' },
  { key: 'ssKeyPMFile', replacement: 'sslKeyPemFile', effect: 'a documentation typo: ignored, so TLS stays off' },
  { key: 'installBlobCSIDriver', replacement: 'blobCsiDriverEnabled', effect: 'a portal name; not read by the extension' },
  { key: 'installPrometheusOperator', replacement: 'installPromOp', effect: 'a portal name; not read by the extension' },
  { key: 'installVolcanoScheduler', replacement: 'installVolcano', effect: 'a portal name; not read by the extension' },
  { key: 'internalLbProvider', replacement: 'internalLoadBalancerProvider', effect: 'a portal name; not read by the extension' },
  { key: 'sslSecretName', replacement: 'sslSecret', effect: 'a portal name; not read by the extension' },
];

const byKey = new Map(KNOWN_SETTINGS.map((s) => [s.key, s]));
/** `nodeSelector.`: the prefix of the node selector keys (from the table's family row). */
export const NODE_SELECTOR_PREFIX = rows.find((r) => r.spec?.some((s) => s.as === 'labels'))!.prefix!;
const legacyByKey = new Map(LEGACY_SETTINGS.map((s) => [s.key, s]));

export function knownSetting(key: string): KnownSetting | undefined {
  return byKey.get(key);
}

export function legacySetting(key: string): LegacySetting | undefined {
  return legacyByKey.get(key);
}

export function isNodeSelectorKey(key: string): boolean {
  return key.startsWith(NODE_SELECTOR_PREFIX) && key.length > NODE_SELECTOR_PREFIX.length;
}

/** Azure's reading of a boolean setting: only a case-insensitive "true" is true. */
export function azureBool(value: string | undefined): boolean {
  return String(value ?? '').toLowerCase() === 'true';
}

/** A value Azure would read as an intended boolean (true/false in any case). */
export function isCleanBool(value: string): boolean {
  const v = value.toLowerCase();
  return v === 'true' || v === 'false';
}

/** Keys whose values are secret material or references to it. */
export const SECRET_KEYS: readonly string[] = rows.filter((r) => r.secret && r.prefix === undefined).map((r) => r.key);

/** Defaults that apply when a key is absent, per the extension's documentation. */
export const SETTING_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(rows.filter((r) => r.default !== undefined).map((r) => [r.key, r.default!]));
