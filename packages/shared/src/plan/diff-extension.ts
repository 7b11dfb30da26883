// Desired versus actual AzureML extension: one change with the setting-level differences.
import { isCleanBool, isInferenceOnlyKey, knownSetting } from '../settings/catalog.ts';
import { SETTING_DEFAULTS } from '../settings/from-spec.ts';
import { settingHazard } from './hazards.ts';
import type { ExtensionObservation } from '../observe/actual-state.ts';
import type { Change, SettingChange } from './types.ts';

/** Plain setting where aml-k8s records the salted hash of the protected settings it sent. */
export const PROTECTED_HASH_KEY = 'amlk8s.protectedHash';

export interface ExtensionIntent {
  id: string;
  configurationSettings: Record<string, string>;
  protectedKeys: readonly string[];
  version?: string;
  releaseTrain?: string;
  autoUpgradeMinorVersion?: boolean;
}

export interface ExtensionDiffContext {
  /** Whether the protected settings to send match the hash recorded in Azure; undefined = cannot tell. */
  protectedMatch?: (recordedHash: string | undefined) => boolean | undefined;
  /** GPU instance types are in use (makes removing the device plugin disruptive). */
  gpuInUse: boolean;
}

/** Azure reads booleans case-insensitively, so `false` written by az equals `False` written by aml-k8s. */
function sameSetting(key: string, a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const bool = knownSetting(key)?.kind === 'bool' || /^scoringFe\.serviceType\./.test(key) || /\.enabled$/.test(key);
  return bool && isCleanBool(a) && isCleanBool(b) && a.toLowerCase() === b.toLowerCase();
}

export function diffExtension(want: ExtensionIntent, have: ExtensionObservation | undefined, ctx: ExtensionDiffContext): Change {
  const base = { target: 'extension' as const, id: want.id };
  if (!have) {
    const settings: SettingChange[] = [
      ...Object.entries(want.configurationSettings).filter(([k]) => k !== PROTECTED_HASH_KEY).map(([key, after]) => ({ key, after })),
      ...want.protectedKeys.map((key) => ({ key, protected: true })),
    ];
    return { ...base, action: 'create', disruptive: false, reasons: ['the AzureML extension is not installed (an install takes about 10 to 15 minutes)'], settings };
  }
  const before = have.configurationSettings ?? {};
  const after = want.configurationSettings;
  const settings: SettingChange[] = [];
  const reasons: string[] = [];
  const hazards: string[] = [];
  let replace = false;

  for (const [key, value] of Object.entries(after)) {
    if (key === PROTECTED_HASH_KEY) continue;
    if (!sameSetting(key, before[key], value)) settings.push({ key, before: before[key], after: value });
  }
  const inferenceOff = String(after.enableInference ?? '').toLowerCase() !== 'true';
  for (const [key, value] of Object.entries(before)) {
    if (key === PROTECTED_HASH_KEY || key in after) continue;
    const fallback = SETTING_DEFAULTS[key];
    if (fallback !== undefined) {
      if (!sameSetting(key, value, fallback)) settings.push({ key, before: value, after: fallback });
    } else if (inferenceOff && isInferenceOnlyKey(key)) {
      // Only read while inference is on (settings table): left behind harmlessly.
      continue;
    } else {
      settings.push({ key, before: value });
      replace = true;
      reasons.push(`"${key}" was removed from the spec, and Azure cannot remove a setting by update${key.startsWith('nodeSelector.') ? ' (node selectors are never removed)' : ''}: the extension must be deleted and installed again`);
    }
  }
  const match = ctx.protectedMatch?.(before[PROTECTED_HASH_KEY]);
  const protectedChanged = want.protectedKeys.length > 0 ? match !== true : before[PROTECTED_HASH_KEY] !== undefined;
  if (protectedChanged) {
    if (match === undefined && want.protectedKeys.length > 0) reasons.push('protected settings cannot be compared (their values are not available here), so they are sent again');
    for (const key of want.protectedKeys) settings.push({ key, protected: true });
  }
  for (const field of ['version', 'releaseTrain', 'autoUpgradeMinorVersion'] as const) {
    const w = want[field];
    const h = have[field];
    if (w === undefined) continue;
    const same = typeof w === 'string' && typeof h === 'string' ? w.toLowerCase() === h.toLowerCase() : w === h;
    if (!same) {
      settings.push({ key: field, before: h === undefined ? undefined : String(h), after: String(w) });
    }
  }
  for (const s of settings) {
    if (s.protected) continue;
    const hazard = settingHazard(s.key, s.before, s.after, ctx.gpuInUse);
    if (hazard) hazards.push(hazard);
  }
  const failed = have.provisioningState?.toLowerCase() === 'failed';
  if (settings.length === 0 && !failed) return { ...base, action: 'noop', disruptive: false, reasons: [] };
  if (failed) reasons.unshift('the extension is in a Failed state: its installation is run again');
  if (replace) hazards.push('the extension is deleted and installed again: every job and endpoint on the cluster stops for the duration (10 to 15 minutes)');
  if (!replace && settings.length > 0) reasons.push(`${settings.length} setting(s) change`);
  return { ...base, action: replace ? 'replace' : 'update', disruptive: hazards.length > 0, reasons: [...reasons, ...hazards], settings };
}
