// The inverse of from-spec.ts: extension configuration settings, as a user gave them to
// `az k8s-extension create`, turned into spec fields. Only clean, known values become typed
// fields; everything else stays raw under `settings` / `protectedSettings` exactly as written,
// so the validator can report it. Contract: `settingsFromSpec` of the result gives the keys and
// the truthiness Azure would have read from the input. Protected values are never copied, except
// PEM paths (`sslCertPemFile`/`sslKeyPemFile`), which are file references. The typed fields are
// found by walking the settings table (model/settings-table.ts) backwards; the workload switches,
// TLS and node selectors are special cases.
import { SETTINGS_TABLE, settingEnumValue } from '../model/settings-table.ts';
import type { EnumSettingKey, SettingRow, SpecSource } from '../model/settings-table.ts';
import type { ComponentsSpec, InferenceSpec, SecretRef, TlsSpec } from '../model/types.ts';
import { NODE_SELECTOR_PREFIX, SECRET_KEYS, azureBool, isCleanBool, isNodeSelectorKey, knownSetting, legacySetting, settingRow } from './catalog.ts';
import { dictionary, WORKLOAD_KEYS } from './from-spec.ts';
import type { SpecPath } from './from-spec.ts';

export type RawSettingValue = string | number | boolean;

export interface SettingsInput {
  /** configurationSettings as given, in order. */
  plain: Readonly<Record<string, RawSettingValue>>;
  /** configurationProtectedSettings as given; the values are never copied to the result. */
  protected: Readonly<Record<string, string>>;
}

export type SettingNoteKind =
  /** A protected value replaced by an environment variable the user must set. */
  | 'secret-replaced'
  /** A protected value that was already `$VARIABLE`. */
  | 'env-reference'
  /** A key Azure reads from either map, moved from protected to plain (e.g. enableTraining). */
  | 'moved-to-plain'
  /** Secret material given as a plain setting, moved to protected as an environment variable. */
  | 'moved-to-protected';

export interface SettingNote {
  key: string;
  /** The map the key was given in. */
  from: 'plain' | 'protected';
  kind: SettingNoteKind;
  /** The environment variable that now supplies the value. */
  env?: string;
  message: string;
}

export interface ExtensionFields {
  training?: boolean;
  inference?: InferenceSpec;
  nodeSelector?: Record<string, string>;
  components?: ComponentsSpec;
  settings?: Record<string, RawSettingValue>;
  protectedSettings?: Record<string, SecretRef>;
}

export interface SpecFromSettings {
  extension: ExtensionFields;
  /** `openshift` when `openshift=True` was given. */
  distribution?: string;
  /** Where each input key ended up in the spec, per input map. */
  placement: { plain: Record<string, SpecPath>; protected: Record<string, SpecPath> };
  notes: SettingNote[];
}

const EXT: SpecPath = ['spec', 'extension'];
const INF: SpecPath = [...EXT, 'inference'];
const TLS: SpecPath = [...INF, 'tls'];

const ROWS: readonly SettingRow[] = SETTINGS_TABLE;
const INF_PATH = INF.join('.');
const TLS_PATH = TLS.join('.');
const COMPONENTS_PATH = [...EXT, 'components'].join('.');
const CLUSTER_PATH = 'spec.cluster';

/** Keys Azure reads from either map whose values are not secret; the az CLI moves the workload switches to plain itself. */
const READ_FROM_EITHER = ROWS.filter((r) => r.where === 'either' && !r.secret).map((r) => r.key);

/** Keys that the TLS shapes produce. */
const TLS_KEYS = ROWS.filter((r) => r.spec?.some((s) => s.path.startsWith(`${TLS_PATH}.`))).map((r) => r.key);

/** Rows of the typed fields read back generically: one source, not a workload switch, not TLS, not node selectors. */
const TYPED_ROWS = ROWS.filter((r) => r.spec?.length === 1 && !(WORKLOAD_KEYS as readonly string[]).includes(r.key) && !TLS_KEYS.includes(r.key) && r.spec[0]!.as !== 'labels');

const SECRET_VALUE = /-----BEGIN [A-Z ]+-----|SharedAccessKey=|SharedAccessSignature|AccountKey=|InstrumentationKey=/;

/** Text that is secret material whatever key it is given for (a connection string, PEM text). */
export function looksSecret(value: string): boolean {
  return SECRET_VALUE.test(value) || value.includes('\n');
}

const VARIABLE = /^\$(?:\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}|env:([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))$/;
const FILE_CONTENT = /^\$\(\s*(?:cat\s+|<\s*|Get-Content\s+(?:-Raw\s+)?)(?:'([^']+)'|"([^"]+)"|([^\s'"()]+))(?:\s+-Raw)?\s*\)$/;

/** `NAME` when the value is exactly `$NAME`, `${NAME}` or PowerShell's `$env:NAME`. */
export function envReference(value: string): string | undefined {
  const m = VARIABLE.exec(value);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** `PATH` when the value is exactly `$(cat PATH)` (the content of a file). */
export function fileContentReference(value: string): string | undefined {
  const m = FILE_CONTENT.exec(value);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** An environment variable name for a key: `relayServerConnectionString` → `RELAY_SERVER_CONNECTION_STRING`. */
export function suggestEnvName(key: string): string {
  const name = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(name) ? name : `SETTING_${name}`;
}

/** Keys whose value is a local file path read by the az CLI (and their misspellings). */
export function isPemPathKey(key: string): boolean {
  if (knownSetting(key)?.kind === 'path') return true;
  const legacy = legacySetting(key);
  return legacy !== undefined && knownSetting(legacy.replacement)?.kind === 'path';
}

/** Secret material that must not sit in plain settings (PEM *paths* are not secret). */
function isSecretContent(key: string, value: string): boolean {
  return (SECRET_KEYS.includes(key) && !isPemPathKey(key)) || SECRET_VALUE.test(value);
}

const text = (v: RawSettingValue): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

export function settingsToSpec(input: SettingsInput): SpecFromSettings {
  const plain = new Map<string, RawSettingValue>(Object.entries(input.plain));
  const prot = new Map<string, string>(Object.entries(input.protected));
  const notes: SettingNote[] = [];
  // Keys come from input (az command lines): dictionaries without a prototype, so `constructor` or
  // `__proto__` is a key like any other.
  const placement: SpecFromSettings['placement'] = { plain: dictionary(), protected: dictionary() };
  const movedFromProtected = new Set<string>();
  const usedEnv = new Set<string>();

  const envFor = (key: string): string => {
    const base = suggestEnvName(key);
    let name = base;
    for (let i = 2; usedEnv.has(name); i++) name = `${base}_${i}`;
    usedEnv.add(name);
    return name;
  };
  const place = (key: string, path: SpecPath): void => {
    if (movedFromProtected.has(key)) placement.protected[key] = path;
    else placement.plain[key] = path;
  };

  for (const key of READ_FROM_EITHER) {
    const value = prot.get(key);
    if (value === undefined || plain.has(key) || (settingRow(key)?.kind !== 'bool' && looksSecret(value))) continue;
    plain.set(key, value);
    prot.delete(key);
    movedFromProtected.add(key);
    notes.push({ key, from: 'protected', kind: 'moved-to-plain', message: `"${key}" was given as a protected setting; Azure reads it from either map and it is not secret, so it is imported as a plain setting.` });
  }

  // Azure reads only the truth of these two, so a value that looks secret is replaced by it.
  for (const key of WORKLOAD_KEYS) {
    const v = plain.get(key);
    if (v !== undefined && SECRET_VALUE.test(text(v))) {
      plain.set(key, azureBool(text(v)) ? 'True' : 'False');
      notes.push({ key, from: movedFromProtected.has(key) ? 'protected' : 'plain', kind: 'secret-replaced', message: `The value of "${key}" looks like secret material; it is not copied. Azure reads it as ${azureBool(text(v))}, which is what the spec keeps.` });
    }
  }
  const secretInPlain: [string, RawSettingValue][] = [...plain].filter(([k, v]) => isSecretContent(k, text(v)) && !(WORKLOAD_KEYS as readonly string[]).includes(k));
  const protectedOut: Record<string, SecretRef> = dictionary();
  const protectedPlacement = (key: string): SpecPath => [...EXT, 'protectedSettings', key];
  for (const [key] of secretInPlain) {
    if (prot.has(key)) continue;
    plain.delete(key);
    const env = envFor(key);
    protectedOut[key] = { env };
    placement.plain[key] = protectedPlacement(key);
    notes.push({ key, from: 'plain', kind: 'moved-to-protected', env, message: `The plain setting "${key}" holds secret material, which must not be written in a spec file; it is imported as a protected setting read from the environment variable ${env}. Set ${env} before applying.` });
  }

  const inBoth = new Set([...plain.keys()].filter((k) => prot.has(k)));
  for (const key of inBoth) {
    const value = plain.get(key)!;
    if (isSecretContent(key, text(value))) {
      // Both maps is an error Azure reports; keep the key in both, but not the secret.
      plain.set(key, '<secret value not copied>');
      notes.push({ key, from: 'plain', kind: 'secret-replaced', message: `The plain setting "${key}" holds secret material; its value was not copied. "${key}" is also a protected setting: keep only that one.` });
    }
  }

  const consumed = new Set<string>();
  const str = (key: string): string | undefined => {
    const v = plain.get(key);
    return v === undefined ? undefined : text(v);
  };
  const cleanBool = (key: string): boolean | undefined => {
    const v = str(key);
    return v !== undefined && !inBoth.has(key) && isCleanBool(v) ? v.toLowerCase() === 'true' : undefined;
  };
  const consume = (key: string, path: SpecPath): void => {
    consumed.add(key);
    place(key, path);
  };

  const extension: ExtensionFields = {};

  const trainingValue = str('enableTraining');
  if (trainingValue !== undefined && isCleanBool(trainingValue)) {
    extension.training = trainingValue.toLowerCase() === 'true';
    consume('enableTraining', [...EXT, 'training']);
  }
  const inferenceValue = str('enableInference');
  let inference: Partial<InferenceSpec> | undefined;
  if (inferenceValue !== undefined && isCleanBool(inferenceValue)) {
    // An explicit False has no typed form; it is dropped (absent reads as false) unless the key
    // is also protected, where dropping it would hide that Azure rejects the pair.
    if (inferenceValue.toLowerCase() === 'true') inference = {};
    if (inference || !inBoth.has('enableInference')) consume('enableInference', inference ? INF : EXT);
  }

  /** The typed value a row's field takes from a clean, known setting value, else undefined (the key stays raw). */
  const typedValue = (row: SettingRow, source: SpecSource): unknown => {
    if (inBoth.has(row.key)) return undefined;
    switch (source.as) {
      case 'bool':
        return cleanBool(row.key);
      case 'value':
        return row.kind === 'enum' ? settingEnumValue(row.key as EnumSettingKey, str(row.key)) : str(row.key);
      case 'fixed': {
        const hit = row.kind === 'enum' ? settingEnumValue(row.key as EnumSettingKey, str(row.key)) === source.value : cleanBool(row.key) === azureBool(source.value);
        if (!hit) return undefined;
        return source.when === true ? true : source.when === 'mapping' ? {} : source.when.equals;
      }
      default:
        return undefined;
    }
  };
  /** Typed fields by the path of the mapping that holds them (`spec.extension.components`), in table order. */
  const typed = new Map<string, Record<string, unknown>>();
  for (const row of TYPED_ROWS) {
    const source = row.spec![0]!;
    const parent = source.path.slice(0, source.path.lastIndexOf('.'));
    if (parent === INF_PATH && !inference) continue;
    const value = typedValue(row, source);
    if (value === undefined) continue;
    if (!typed.has(parent)) typed.set(parent, {});
    typed.get(parent)![source.path.slice(parent.length + 1)] = value;
    consume(row.key, source.path.split('.'));
  }

  if (inference) {
    Object.assign(inference, typed.get(INF_PATH));
    const tls = tlsFromSettings(plain, prot, inBoth);
    if (tls) {
      inference.tls = tls.spec;
      for (const [key, field] of tls.plainKeys) consume(key, [...TLS, field]);
      for (const [key, field] of tls.protectedKeys) {
        prot.delete(key);
        placement.protected[key] = [...TLS, field];
        const env = envReference(input.protected[key]!);
        if (env !== undefined) notes.push({ key, from: 'protected', kind: 'env-reference', env, message: pemEnvMessage(key, env) });
      }
    }
    // routerServiceType may still be missing: the validator reports it (Azure rejects inference without it).
    extension.inference = inference as InferenceSpec;
  }

  const nodeSelector: Record<string, string> = dictionary();
  for (const key of plain.keys()) {
    if (isNodeSelectorKey(key) && !inBoth.has(key)) {
      const label = key.slice(NODE_SELECTOR_PREFIX.length);
      nodeSelector[label] = str(key)!;
      consume(key, [...EXT, 'nodeSelector', label]);
    }
  }
  if (Object.keys(nodeSelector).length) extension.nodeSelector = nodeSelector;

  const components = typed.get(COMPONENTS_PATH) as ComponentsSpec | undefined;
  if (components) extension.components = components;

  const distribution = typed.get(CLUSTER_PATH)?.distribution as string | undefined;

  const settings: Record<string, RawSettingValue> = dictionary();
  for (const [key, value] of plain) {
    if (consumed.has(key)) continue;
    settings[key] = value;
    place(key, [...EXT, 'settings', key]);
  }
  if (Object.keys(settings).length) extension.settings = settings;

  for (const [key, value] of prot) {
    protectedOut[key] = protectedRef(key, value, envFor, notes);
    placement.protected[key] = protectedPlacement(key);
  }
  if (Object.keys(protectedOut).length) extension.protectedSettings = protectedOut;

  const result: SpecFromSettings = { extension, placement, notes };
  if (distribution) result.distribution = distribution;
  return result;
}

function pemEnvMessage(key: string, env: string): string {
  return `"${key}" reads the environment variable ${env}. The az CLI took a file path from it; aml-k8s reads the PEM text itself from ${env}, so set ${env} to the content of the PEM file before applying.`;
}

/** The reference that replaces a protected value; the value itself is never kept. */
function protectedRef(key: string, value: string, envFor: (key: string) => string, notes: SettingNote[]): SecretRef {
  const env = envReference(value);
  if (env !== undefined) {
    notes.push({ key, from: 'protected', kind: 'env-reference', env, message: isPemPathKey(key) ? pemEnvMessage(key, env) : `"${key}" reads the environment variable ${env}; set it before applying.` });
    return { env };
  }
  // A PEM path key holding PEM text (pasted instead of a path) is a secret like any other.
  if (isPemPathKey(key) && !looksSecret(value)) return { file: value };
  const file = fileContentReference(value);
  if (file !== undefined) return { file };
  const name = envFor(key);
  notes.push({ key, from: 'protected', kind: 'secret-replaced', env: name, message: `The value of the protected setting "${key}" is not copied into the spec. Export it as the environment variable ${name} (or point the spec at a file) before applying.` });
  return { env: name };
}

interface TlsMapping {
  spec: TlsSpec;
  /** Plain keys consumed, with the tls field each became. */
  plainKeys: [string, string][];
  protectedKeys: [string, string][];
}

/** One of the spec's TLS shapes when the TLS keys form exactly that shape, else undefined (all stay raw). */
function tlsFromSettings(plain: ReadonlyMap<string, RawSettingValue>, prot: ReadonlyMap<string, string>, inBoth: ReadonlySet<string>): TlsMapping | undefined {
  if (TLS_KEYS.some((k) => inBoth.has(k))) return undefined;
  const p = (k: string): string | undefined => (plain.has(k) ? text(plain.get(k)!) : undefined);
  const present = (k: string): boolean => plain.has(k) || prot.has(k);
  const insecure = p('allowInsecureConnections');
  if (insecure !== undefined && !isCleanBool(insecure)) return undefined;
  const insecureOn = insecure?.toLowerCase() === 'true';
  const secretKeysPresent = ['sslCname', 'sslSecret', 'sslCertPemFile', 'sslKeyPemFile'].some(present);

  if (insecureOn) {
    return secretKeysPresent ? undefined : { spec: { insecure: true }, plainKeys: [['allowInsecureConnections', 'insecure']], protectedKeys: [] };
  }
  const cname = p('sslCname');
  if (!cname || prot.has('sslCname')) return undefined;
  const secretName = p('sslSecret');
  const pemAnywhere = present('sslCertPemFile') || present('sslKeyPemFile');
  if (secretName && !pemAnywhere) {
    return { spec: { cname, secretName }, plainKeys: [['sslCname', 'cname'], ['sslSecret', 'secretName']], protectedKeys: [] };
  }
  const cert = prot.get('sslCertPemFile');
  const key = prot.get('sslKeyPemFile');
  if (!cert || !key || present('sslSecret') || plain.has('sslCertPemFile') || plain.has('sslKeyPemFile')) return undefined;
  if ([cert, key].some(looksSecret)) return undefined;
  const certEnv = envReference(cert);
  const keyEnv = envReference(key);
  if (certEnv !== undefined && keyEnv !== undefined) {
    return { spec: { cname, certEnv, keyEnv }, plainKeys: [['sslCname', 'cname']], protectedKeys: [['sslCertPemFile', 'certEnv'], ['sslKeyPemFile', 'keyEnv']] };
  }
  if (certEnv === undefined && keyEnv === undefined) {
    return { spec: { cname, certFile: cert, keyFile: key }, plainKeys: [['sslCname', 'cname']], protectedKeys: [['sslCertPemFile', 'certFile'], ['sslKeyPemFile', 'keyFile']] };
  }
  return undefined;
}
