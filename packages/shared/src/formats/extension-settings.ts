// The configuration settings of an extension resource as the source gives them: each map an
// object (values literal or Expression) or, when the whole map is computed, one Expression.
import { AZUREML_EXTENSION_TYPE, COMPUTE_TYPE, EXTENSION_TYPE, asObject, isExpression, valueAt } from './found-resource.ts';
import type { Expression, FoundResource, ResourcePath } from './found-resource.ts';

export type SettingsMap = Record<string, unknown> | Expression;

export interface FoundSettings {
  plain: SettingsMap;
  protected: SettingsMap;
}

export const PLAIN_PATH: ResourcePath = ['properties', 'configurationSettings'];
export const PROTECTED_PATH: ResourcePath = ['properties', 'configurationProtectedSettings'];

function settingsMap(v: unknown): SettingsMap {
  return isExpression(v) ? v : (asObject(v) ?? {});
}

export function foundSettings(r: FoundResource): FoundSettings {
  return { plain: settingsMap(valueAt(r.body, PLAIN_PATH)), protected: settingsMap(valueAt(r.body, PROTECTED_PATH)) };
}

export function isExtension(r: FoundResource): boolean {
  return r.type.toLowerCase() === EXTENSION_TYPE.toLowerCase();
}

export function isCompute(r: FoundResource): boolean {
  return r.type.toLowerCase() === COMPUTE_TYPE.toLowerCase();
}

/** The extension type as written; an Expression when computed, undefined when absent. */
export function extensionTypeOf(r: FoundResource): string | Expression | undefined {
  const t = valueAt(r.body, ['properties', 'extensionType']);
  return typeof t === 'string' || isExpression(t) ? t : undefined;
}

/** An AzureML extension, or an extension whose type is computed but whose settings are AzureML's. */
export function isAzureMlExtension(r: FoundResource): boolean {
  if (!isExtension(r)) return false;
  const t = extensionTypeOf(r);
  if (typeof t === 'string') return t.toLowerCase() === AZUREML_EXTENSION_TYPE;
  const plain = foundSettings(r).plain;
  return isExpression(plain) || 'enableTraining' in plain || 'enableInference' in plain;
}

export function computeTypeOf(r: FoundResource): unknown {
  return valueAt(r.body, ['properties', 'computeType']);
}

/** A setting's value as Azure receives it (text), or undefined when absent, or the Expression. */
export function settingValue(map: SettingsMap, key: string): string | Expression | undefined {
  if (isExpression(map)) return map;
  if (!Object.hasOwn(map, key)) return undefined;
  const v = map[key];
  if (isExpression(v)) return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number);
}
