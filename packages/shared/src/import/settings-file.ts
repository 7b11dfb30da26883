// Settings files of `--config-file` / `--config-protected-file`. az reads JSON objects; files of
// `key=value` lines are accepted too, since that is how people often write them.
import type { RawSettingValue } from '../settings/to-spec.ts';

export type SettingsFile =
  /** `skipped`: JSON keys whose values are not scalars, or line numbers that are not `key=value`. */
  | { ok: true; format: 'json' | 'lines'; entries: [string, RawSettingValue][]; skipped: string[] }
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
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') entries.push([key, value]);
      else skipped.push(key);
    }
    return entries.length ? { ok: true, format: 'json', entries, skipped } : { ok: false, problem: 'has no settings' };
  }
  const entries: [string, RawSettingValue][] = [];
  const skipped: string[] = [];
  // Skipped lines are named by number only: a protected file may hold secrets.
  for (const [index, raw] of content.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) skipped.push(`line ${index + 1}`);
    else entries.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return entries.length ? { ok: true, format: 'lines', entries, skipped } : { ok: false, problem: 'has no key=value settings' };
}
