// Maps a typed spec to the extension's configuration settings, remembering which spec field
// produced each key so that a rule about a key can point at the right line. The typed fields are
// read as the settings table (model/settings-table.ts) says; raw settings pass through.
import { SETTINGS_TABLE } from '../model/settings-table.ts';
import type { SettingRow, SpecSource } from '../model/settings-table.ts';
import type { ComputeDocument, SecretRef } from '../model/types.ts';
import { SETTING_DEFAULTS } from './catalog.ts';

export { SETTING_DEFAULTS } from './catalog.ts';

/** The two switches Azure always receives (an unset one is sent as its default, False). */
export const WORKLOAD_KEYS = ['enableTraining', 'enableInference'] as const;

export type SpecPath = (string | number)[];

export interface ExtensionSettings {
  /** configurationSettings, as Azure will receive them (strings). */
  plain: Record<string, string>;
  /** configurationProtectedSettings, as references to secret material (never values). */
  protected: Record<string, SecretRef>;
  /** Every spec location that set a key; more than one means the key was set twice. */
  origins: Record<string, SpecPath[]>;
}

export function boolSetting(value: boolean): string {
  return value ? 'True' : 'False';
}

/** The value at a dotted path of the document; undefined when a parent is missing or not a mapping. */
export function specFieldValue(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const seg of path.split('.')) {
    if (v == null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** What one spec source of a row contributes: plain values and protected references, each with its spec path. */
function fromSource(row: SettingRow, source: SpecSource, value: unknown): { key: string; plain?: string; ref?: SecretRef; path: SpecPath }[] {
  const path: SpecPath = source.path.split('.');
  switch (source.as) {
    case 'bool':
      return value === undefined ? [] : [{ key: row.key, plain: boolSetting(value === true), path }];
    case 'value':
      // An enum keeps any given value as text, for the rules to report; a string must be a string.
      if (row.kind === 'enum') return value === undefined ? [] : [{ key: row.key, plain: String(value), path }];
      return typeof value === 'string' ? [{ key: row.key, plain: value, path }] : [];
    case 'file':
      return typeof value === 'string' ? [{ key: row.key, ref: { file: value }, path }] : [];
    case 'env':
      return typeof value === 'string' ? [{ key: row.key, ref: { env: value }, path }] : [];
    case 'labels':
      return Object.entries(value ?? {}).map(([label, v]) => ({ key: `${row.prefix}${label}`, plain: String(v), path: [...path, label] }));
    case 'fixed': {
      const hit =
        source.when === 'mapping' ? value != null && typeof value === 'object'
        : source.when === true ? value === true
        : typeof value === 'string' && value.toLowerCase() === source.when.equals.toLowerCase();
      return hit ? [{ key: row.key, plain: source.value, path }] : [];
    }
  }
}

/** A dictionary keyed by input (setting keys come from spec files): no prototype, so `constructor` or `__proto__` is a key like any other. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function settingsFromSpec(doc: ComputeDocument): ExtensionSettings {
  const out: ExtensionSettings = { plain: dictionary(), protected: dictionary(), origins: dictionary() };
  const ext = doc.spec?.extension ?? {};
  const setPlain = (key: string, value: string, path: SpecPath): void => {
    out.plain[key] ??= value;
    (out.origins[key] ??= []).push(path);
  };
  const setProtected = (key: string, ref: SecretRef, path: SpecPath): void => {
    out.protected[key] ??= ref;
    (out.origins[key] ??= []).push(path);
  };
  const E: SpecPath = ['spec', 'extension'];

  // The typed fields, row by row of the settings table.
  const rows: readonly SettingRow[] = SETTINGS_TABLE;
  for (const row of rows) {
    for (const source of row.spec ?? []) {
      for (const s of fromSource(row, source, specFieldValue(doc, source.path))) {
        if (s.ref) setProtected(s.key, s.ref, s.path);
        else setPlain(s.key, s.plain!, s.path);
      }
    }
  }
  for (const [key, value] of Object.entries(ext.settings ?? {})) {
    setPlain(key, typeof value === 'boolean' ? boolSetting(value) : String(value), [...E, 'settings', key]);
  }
  for (const [key, ref] of Object.entries(ext.protectedSettings ?? {})) {
    setProtected(key, ref, [...E, 'protectedSettings', key]);
  }
  // Azure always receives both workload switches; an unset one means off.
  for (const key of WORKLOAD_KEYS) {
    if (!Object.hasOwn(out.plain, key) && !Object.hasOwn(out.protected, key)) {
      out.plain[key] = SETTING_DEFAULTS[key]!;
      out.origins[key] = [E];
    }
  }
  return out;
}
