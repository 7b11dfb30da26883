// The settings table is the one owner of the spec ↔ settings mapping: its rows are consistent, and
// the copies that cannot import it agree with it — the JSON Schema's `x-setting` and `enum` (also
// derived, but checked field by field here), the Backstage template's enums and the example of
// docs/spec.md. The generated settings tables of docs/spec.md are checked fresh by
// tools/generated.test.ts.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { COMPUTE_SCHEMA } from './schema.ts';
import { CLUSTER_PURPOSES, INFERENCE_ONLY_KEYS, ROUTER_SERVICE_TYPES, SETTINGS_TABLE, isInferenceOnlyKey, settingEnumValue, settingOfSpecField, settingRow } from './settings-table.ts';
import type { SettingRow, SpecSource } from './settings-table.ts';
import type { ClusterPurpose, InferenceSpec, RouterServiceType } from './types.ts';

const rows: readonly SettingRow[] = SETTINGS_TABLE;
const sources = rows.flatMap((row) => (row.spec ?? []).map((source) => ({ row, source })));
type Node = Record<string, unknown>;

/** Every schema node with its spec path (dotted; `*` for additionalProperties) and whether it sits in a oneOf branch. */
function schemaNodes(node: Node, path: string[] = [], inOneOf = false): { path: string; node: Node; inOneOf: boolean }[] {
  const out = [{ path: path.join('.'), node, inOneOf }];
  for (const [name, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) out.push(...schemaNodes(child, [...path, name], inOneOf));
  for (const branch of (node.oneOf as Node[] | undefined) ?? []) out.push(...schemaNodes(branch, path, true).map((n) => (n.path === path.join('.') ? { ...n, node: { ...n.node, oneOfBranch: true } } : n)));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.push(...schemaNodes(node.additionalProperties as Node, [...path, '*'], inOneOf));
  return out;
}
const nodes = schemaNodes(COMPUTE_SCHEMA as unknown as Node);
const nodesAt = (path: string) => nodes.filter((n) => n.path === path && !n.node.oneOfBranch);

describe('the settings table', () => {
  test('keys and spec fields are unique; families name their prefix', () => {
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    const paths = sources.map((s) => s.source.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const r of rows.filter((r) => r.prefix !== undefined)) expect(r.key.startsWith(r.prefix!)).toBe(true);
  });

  test('enum rows list distinct values as Azure compares them; other rows list none', () => {
    for (const r of rows) {
      if (r.kind !== 'enum') {
        expect({ key: r.key, values: r.values }).toEqual({ key: r.key, values: undefined });
        continue;
      }
      const fold = (s: string) => (r.caseSensitive ? s : s.toLowerCase());
      const spellings = r.values!.map((v) => fold(v.value));
      expect(new Set(spellings).size).toBe(spellings.length);
      for (const v of r.values!) if (v.azure !== undefined) expect(fold(v.azure)).toBe(fold(v.value));
    }
  });

  test('defaults are values Azure reads: True/False for booleans, an allowed value for enums', () => {
    for (const r of rows.filter((r) => r.default !== undefined)) {
      if (r.kind === 'bool') expect(['True', 'False']).toContain(r.default);
      if (r.kind === 'enum') expect(r.values!.map((v) => v.value)).toContain(r.default);
    }
  });

  test('secret material is never a plain-only key, and a protected-only key comes from file or environment references', () => {
    for (const r of rows.filter((r) => r.secret)) expect({ key: r.key, where: r.where }).not.toEqual({ key: r.key, where: 'plain' });
    for (const r of rows.filter((r) => r.where === 'protected' && r.spec)) for (const s of r.spec!) expect(['file', 'env']).toContain(s.as);
    for (const { row } of sources.filter((s) => s.source.as === 'file' || s.source.as === 'env')) expect({ key: row.key, where: row.where }).toEqual({ key: row.key, where: 'protected' });
  });

  test('every field under the inference block maps to an inference-only key', () => {
    const under = sources.filter((s) => s.source.path.startsWith('spec.extension.inference.'));
    expect(under.length).toBeGreaterThan(0);
    for (const { row } of under) expect({ key: row.key, inferenceOnly: row.inferenceOnly }).toEqual({ key: row.key, inferenceOnly: true });
  });

  test('the inference-only keys: the rows, and the families by prefix', () => {
    expect(INFERENCE_ONLY_KEYS).toEqual(expect.arrayContaining(['inferenceRouterServiceType', 'internalLoadBalancerProvider', 'sslCname', 'sslSecret', 'inferenceRouterHA', 'clusterPurpose', 'allowInsecureConnections', 'scoringFe.sslCert']));
    expect(isInferenceOnlyKey('scoringFe.anything')).toBe(true);
    expect(isInferenceOnlyKey('scoringFe.')).toBe(false);
    expect(isInferenceOnlyKey('installPromOp')).toBe(false);
    expect(isInferenceOnlyKey('nodeSelector.pool')).toBe(false);
    expect(settingRow('nodeSelector.pool')?.key).toBe('nodeSelector.<label>');
  });

  test('enum values: canonical spellings, what Azure accepts, and the types derived from them', () => {
    expect(ROUTER_SERVICE_TYPES).toEqual(['LoadBalancer', 'NodePort', 'ClusterIP']);
    expect(CLUSTER_PURPOSES).toEqual(['DevTest', 'FastProd']);
    expect(['loadBalancer', 'LOADBALANCER', 'nodeport', 'clusterIP'].map((v) => settingEnumValue('inferenceRouterServiceType', v))).toEqual(['LoadBalancer', 'LoadBalancer', 'NodePort', 'ClusterIP']);
    expect(settingEnumValue('inferenceRouterServiceType', 'Ingress')).toBeUndefined();
    expect(settingEnumValue('clusterPurpose', 'devtest')).toBeUndefined();
    expect(settingEnumValue('internalLoadBalancerProvider', 'AZURE')).toBe('azure');
    // Compile-time: the spec's types are the table's values, both ways.
    const router: readonly RouterServiceType[] = ROUTER_SERVICE_TYPES;
    const purpose: readonly ClusterPurpose[] = CLUSTER_PURPOSES;
    const field: InferenceSpec['routerServiceType'] = ROUTER_SERVICE_TYPES[0];
    expect([router.length, purpose.length, field]).toEqual([3, 2, 'LoadBalancer']);
  });
});

/** What the schema node of a field must look like for its source. */
function expectedShape(row: SettingRow, source: SpecSource): Node {
  switch (source.as) {
    case 'bool':
      return { type: 'boolean' };
    case 'value':
      return row.kind === 'enum' ? { enum: row.values!.map((v) => v.value) } : { type: 'string' };
    case 'file':
    case 'env':
      return { type: 'string' };
    case 'labels':
      return { type: 'object' };
    case 'fixed':
      return source.when === 'mapping' ? { type: 'object' } : source.when === true ? {} : { type: 'string' };
  }
}

describe('the JSON Schema agrees with the settings table', () => {
  test('every spec field of the table is in the schema, with the setting as its x-setting and the table\'s enum', () => {
    for (const { row, source } of sources) {
      const found = nodesAt(source.path);
      expect({ path: source.path, found: found.length > 0 }).toEqual({ path: source.path, found: true });
      for (const { node, inOneOf } of found) {
        expect({ path: source.path, ...node }).toMatchObject({ path: source.path, ...expectedShape(row, source) });
        if (source.as === 'fixed' && source.when === true) expect({ path: source.path, boolean: node.type === 'boolean' || node.const === true }).toEqual({ path: source.path, boolean: true });
        // Fields inside a oneOf branch (the TLS shapes) name their key in the description instead;
        // a family (node selectors) has no single key to name.
        if (row.prefix !== undefined) expect(node['x-setting']).toBeUndefined();
        else if (!inOneOf) expect({ path: source.path, setting: node['x-setting'] }).toEqual({ path: source.path, setting: row.key });
        else expect({ path: source.path, mentions: String(node.description ?? '').includes(row.key) || source.as === 'env' }).toEqual({ path: source.path, mentions: true });
      }
    }
  });

  test('every x-setting of the schema is the table\'s key for that field (or, for a block, one of its fields\' keys)', () => {
    const annotated = nodes.filter((n) => n.node['x-setting'] !== undefined && !n.node.oneOfBranch);
    expect(annotated.length).toBeGreaterThan(10);
    for (const { path, node } of annotated) {
      const own = settingOfSpecField(path)?.key;
      const children = sources.filter((s) => s.source.path.startsWith(`${path}.`)).map((s) => s.row.key);
      if (own !== undefined) expect({ path, setting: node['x-setting'] }).toEqual({ path, setting: own });
      else expect({ path, children }).toEqual({ path, children: expect.arrayContaining([node['x-setting']]) });
    }
  });

  test('every enum of a field with a setting is the table\'s', () => {
    for (const { path, node } of nodes.filter((n) => Array.isArray(n.node.enum) && n.node['x-setting'] !== undefined)) {
      const row = settingRow(String(node['x-setting']))!;
      expect({ path, enum: node.enum }).toEqual({ path, enum: row.values!.map((v) => v.value) });
    }
  });

  test('defaults named in descriptions are the table\'s', () => {
    for (const { row, source } of sources.filter((s) => s.row.default !== undefined)) {
      for (const { node } of nodesAt(source.path)) {
        const said = /default (true|false)\b/i.exec(String(node.description ?? ''))?.[1];
        if (said !== undefined) expect({ key: row.key, default: said.toLowerCase() }).toEqual({ key: row.key, default: row.default!.toLowerCase() });
      }
    }
  });
});

describe('the Backstage template agrees with the settings table', () => {
  const template = parse(readFileSync(fileURLToPath(new URL('../../../../templates/azureml-compute/template.yaml', import.meta.url)), 'utf8')) as unknown;

  /** Every property schema of the form by name, wherever it sits (pages, dependencies, oneOf). */
  function properties(node: unknown, out: { name: string; schema: Node }[] = []): { name: string; schema: Node }[] {
    if (Array.isArray(node)) for (const n of node) properties(n, out);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && value && typeof value === 'object') for (const [name, schema] of Object.entries(value)) out.push({ name, schema: schema as Node });
        properties(value, out);
      }
    }
    return out;
  }
  const fields = properties(template);

  test('routerServiceType offers exactly ROUTER_SERVICE_TYPES, with a default among them', () => {
    const router = fields.filter((f) => f.name === 'routerServiceType' && Array.isArray(f.schema.enum));
    expect(router.length).toBeGreaterThan(0);
    for (const { schema } of router) {
      expect(schema.enum).toEqual([...ROUTER_SERVICE_TYPES]);
      if (schema.default !== undefined) expect(ROUTER_SERVICE_TYPES).toContain(schema.default);
    }
  });

  test('every enum of a field named like a mapped spec field is one the table maps', () => {
    for (const { row, source } of sources) {
      const leaf = source.path.split('.').pop()!;
      for (const { schema } of fields.filter((f) => f.name === leaf && Array.isArray(f.schema.enum))) {
        const offered = (schema.enum as unknown[]).map(String);
        if (source.as === 'value' && row.kind === 'enum') expect({ leaf, offered }).toEqual({ leaf, offered: row.values!.map((v) => v.value) });
        else if (source.as === 'fixed' && typeof source.when === 'object') for (const v of offered) expect({ leaf, value: v.toLowerCase() }).toEqual({ leaf, value: source.when.equals.toLowerCase() });
      }
    }
  });
});

test('the example of docs/spec.md lists the router service types of the table', () => {
  const text = readFileSync(fileURLToPath(new URL('../../../../docs/spec.md', import.meta.url)), 'utf8');
  const comment = /^\s*routerServiceType: \S+\s+#\s*(.+)$/m.exec(text)?.[1];
  expect(comment?.split('|').map((v) => v.trim())).toEqual([...ROUTER_SERVICE_TYPES]);
});
