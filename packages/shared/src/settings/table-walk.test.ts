// Both directions walk the settings table: every spec source of every row becomes its key in
// settingsFromSpec, and (outside the TLS shapes, which are read back as a whole) settingsToSpec puts
// a clean value of the key back in the same field.
import { describe, expect, test } from '@jest/globals';
import { SETTINGS_TABLE } from '../model/settings-table.ts';
import type { SettingRow, SpecSource } from '../model/settings-table.ts';
import type { ComputeDocument } from '../model/types.ts';
import { settingsFromSpec } from './from-spec.ts';
import { settingsToSpec } from './to-spec.ts';

const rows: readonly SettingRow[] = SETTINGS_TABLE;
const cases = rows.flatMap((row) => (row.spec ?? []).map((source) => ({ row, source })));

/** Field values a source takes, with the setting each should become. */
function samples(row: SettingRow, source: SpecSource): { value: unknown; plain?: string; ref?: object; key?: string }[] {
  switch (source.as) {
    case 'bool':
      return [{ value: true, plain: 'True' }, { value: false, plain: 'False' }];
    case 'value':
      return row.kind === 'enum' ? row.values!.map((v) => ({ value: v.value, plain: v.value })) : [{ value: 'ml.contoso.com', plain: 'ml.contoso.com' }];
    case 'file':
      return [{ value: 'pem/x.pem', ref: { file: 'pem/x.pem' } }];
    case 'env':
      return [{ value: 'PEM_TEXT', ref: { env: 'PEM_TEXT' } }];
    case 'labels':
      return [{ value: { pool: 'ml' }, plain: 'ml', key: `${row.prefix}pool` }];
    case 'fixed':
      return [{ value: source.when === 'mapping' ? {} : source.when === true ? true : source.when.equals, plain: source.value }];
  }
}

function docWith(path: string, value: unknown): ComputeDocument {
  const doc = { apiVersion: 'aml-k8s/v1', kind: 'KubernetesCompute', metadata: { name: 'c' }, spec: { cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', name: 'aks' } } } as Record<string, unknown>;
  const segs = path.split('.');
  let at = doc;
  for (const seg of segs.slice(0, -1)) at = (at[seg] ??= {}) as Record<string, unknown>;
  at[segs[segs.length - 1]!] = value;
  return doc as unknown as ComputeDocument;
}

const valueAt = (obj: unknown, path: readonly (string | number)[]): unknown => path.reduce<unknown>((o, s) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[s] : undefined), obj);

describe('settingsFromSpec walks the table', () => {
  test.each(cases.map((c) => [c.source.path, c] as const))('%s', (_path, { row, source }) => {
    for (const s of samples(row, source)) {
      const out = settingsFromSpec(docWith(source.path, s.value));
      const key = s.key ?? row.key;
      if (s.ref) expect(out.protected[key]).toEqual(s.ref);
      else expect(out.plain[key]).toBe(s.plain);
      expect(out.origins[key]?.[0]?.join('.')).toBe(source.as === 'labels' ? `${source.path}.pool` : source.path);
    }
  });
});

describe('settingsToSpec walks the table back', () => {
  const TLS = 'spec.extension.inference.tls.';
  const back = cases.filter((c) => !c.source.path.startsWith(TLS) && c.source.as !== 'file' && c.source.as !== 'env');
  test.each(back.map((c) => [c.source.path, c] as const))('%s', (_path, { row, source }) => {
    const inInference = source.path.startsWith('spec.extension.inference.');
    for (const s of samples(row, source)) {
      const key = s.key ?? row.key;
      const plain: Record<string, string> = { ...(inInference ? { enableInference: 'True' } : {}), [key]: s.plain! };
      const r = settingsToSpec({ plain, protected: {} });
      const path = r.placement.plain[key]!;
      expect(path.join('.')).toBe(source.as === 'labels' ? `${source.path}.pool` : source.path);
      const spec = { spec: { extension: r.extension, cluster: r.distribution ? { distribution: r.distribution } : {} } };
      expect(valueAt(spec, path)).toEqual(source.as === 'labels' ? 'ml' : s.value);
      expect(r.extension.settings?.[key]).toBeUndefined();
    }
  });
});
