// Settings files of `--config-file` / `--config-protected-file`. az reads JSON objects only, and so
// does import: other text is refused rather than copied into the spec.
import type { RawSettingValue } from '../settings/to-spec.ts';

export type SettingsFile =
  /** `skipped`: JSON keys whose values are not scalars, or line numbers that are not `key=value`. */
  | { ok: true; format: 'json'; entries: [string, RawSettingValue][]; skipped: string[] }
  | { ok: false; problem: string };

export function parseSettingsFile(content: string): SettingsFile {
  const trimmed = content.trim();
  if (trimmed === '') return { ok: false, problem: 'is empty' };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (e) {
      return { ok: false, problem: `is not valid JSON (${(e as Error).message})` };
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'is not a JSON object of settings' };
    const entries: [string, RawSettingValue][] = [];
    const skipped: string[] = [];
    // JSON.parse makes `__proto__` an own key; entries keep it as a key like any other.
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') entries.push([key, value]);
      else skipped.push(key);
    }
    return entries.length ? { ok: true, format: 'json', entries, skipped } : { ok: false, problem: 'has no settings' };
  }
  // az reads JSON objects only; any other text (a .env file, credentials, /etc/passwd) is refused,
  // never copied into the spec, and never quoted (a protected file may hold secrets).
  return { ok: false, problem: 'is not a JSON object ({"key": "value"}), the only form az reads' };
}
