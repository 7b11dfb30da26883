// A write as reviewable fields: every value apply would send, flattened to `path: value` lines, so
// a plan shows it, its hash covers it and a review can name the one field that changed.
import type { SettingChange } from './types.ts';

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** Scalars as text, objects and arrays as canonical JSON (sorted keys), so equal values read equal. */
export function fieldText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? canonical(value) : String(value);
}

/**
 * Leaf paths of an object (`spec.resources.requests.storage`). Objects nest until `depth`, below
 * which (and for arrays) the value is one field of canonical JSON.
 */
export function flattenFields(value: Readonly<Record<string, unknown>>, depth = 8, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth > 1 && Object.keys(v).length > 0) {
      for (const [p, t] of flattenFields(v as Record<string, unknown>, depth - 1, path)) out.set(p, t);
    } else {
      const text = fieldText(v);
      if (text !== undefined) out.set(path, text);
    }
  }
  return out;
}

/**
 * The fields of a write: with `before` (what is there now) each field carries its old value, and
 * fields that only `before` has are listed as removed.
 */
export function fieldChanges(after: ReadonlyMap<string, string>, before?: ReadonlyMap<string, string>): SettingChange[] {
  const out: SettingChange[] = [];
  for (const [key, value] of after) {
    const old = before?.get(key);
    out.push({ key, ...(old !== undefined ? { before: old } : {}), after: value });
  }
  if (before) for (const [key, old] of before) if (!after.has(key)) out.push({ key, before: old });
  return out;
}
