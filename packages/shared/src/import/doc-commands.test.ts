// The command lines of the Azure documents the product was specified from, imported one by one.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AZ_DOC_COMMANDS, SEED_COMMAND_STARTS } from '../../test/fixtures/az-doc-commands.ts';
import type { AzDocCommand } from '../../test/fixtures/az-doc-commands.ts';
import { azureBool } from '../settings/catalog.ts';
import type { ExtensionSettings } from '../settings/from-spec.ts';
import { settingsFromSpec } from '../settings/from-spec.ts';
import { importAz } from './az.ts';

const inputOf = (f: AzDocCommand): string => (f.preamble ? `${f.preamble}\n\n${f.command}` : f.command);
const flag = (text: string, name: string): string | undefined => new RegExp(`(?:^|\\s|>)${name}\\s+"?([^\\s"]+)`).exec(text)?.[1];
const isAttach = (f: AzDocCommand): boolean => f.command.startsWith('az ml compute attach');

/** Azure's create-time checks (reference §2, rules 3-8 and 12) on the settings aml-k8s would send. */
function createRuleErrors(s: ExtensionSettings, nodeCount: number | undefined): string[] {
  const errors = new Set<string>();
  for (const k of Object.keys(s.protected)) if (k in s.plain) errors.add(k);
  const inference = azureBool(s.plain.enableInference);
  if (!azureBool(s.plain.enableTraining) && !inference) errors.add('enableTraining');
  if (inference) {
    const router = s.plain.inferenceRouterServiceType?.toLowerCase();
    if (!['loadbalancer', 'nodeport', 'clusterip'].includes(router ?? '')) errors.add('inferenceRouterServiceType');
    const ssl = ('sslCertPemFile' in s.protected && 'sslKeyPemFile' in s.protected) || Boolean(s.plain.sslSecret) || 'sslSecret' in s.protected;
    if (!ssl && !azureBool(s.plain.allowInsecureConnections)) errors.add('allowInsecureConnections');
    if (ssl && !s.plain.sslCname) errors.add('sslCname');
    if (router === 'nodeport' && s.plain.internalLoadBalancerProvider?.toLowerCase() === 'azure') errors.add('internalLoadBalancerProvider');
    if (nodeCount !== undefined && nodeCount < 3 && azureBool(s.plain.inferenceRouterHA)) errors.add('inferenceRouterHA');
  }
  return [...errors].sort();
}

test('the fixture holds every create, update and attach command line of the documents, once each', () => {
  expect(AZ_DOC_COMMANDS.map((f) => f.source).sort()).toEqual([...SEED_COMMAND_STARTS].sort());
  for (const f of AZ_DOC_COMMANDS) expect(f.command).toMatch(/^az (k8s-extension (create|update)|ml compute attach)\b/);
});

describe.each(AZ_DOC_COMMANDS.map((f) => [f.source, f] as const))('%s', (_source, f) => {
  const input = inputOf(f);
  const result = importAz(input);
  const doc = result.documents[0]!;

  test('imports to one document with the cluster, names and flags of the command', () => {
    expect(result.documents).toHaveLength(1);
    expect(doc.spec.cluster.type).toBe(f.cluster?.type);
    if (isAttach(f)) {
      const attach = doc.spec.attach!;
      expect(attach.computeName ?? doc.metadata.name).toBe(flag(f.command, '--name'));
      expect(attach.workspace).toMatchObject({ name: flag(f.command, '--workspace-name'), resourceGroup: flag(f.command, '--resource-group') });
      const ns = /--namespace\s+(<[^>]+>|\S+)/.exec(f.command)?.[1];
      expect(attach.namespace).toBe(ns);
      const identity = flag(f.command, '--identity-type') ?? (f.command.includes('--user-assigned-identities') ? 'UserAssigned' : undefined);
      expect(attach.identity?.type).toBe(identity);
    } else {
      expect(doc.spec.cluster.type).toBe(flag(f.command, '--cluster-type') === 'managedClusters' ? 'aks' : 'arc');
      expect(doc.spec.cluster.name).toBe(flag(f.command, '--cluster-name'));
      expect(doc.spec.cluster.resourceGroup).toBe(flag(f.command, '--resource-group'));
      expect(doc.spec.extension!.name).toBe(flag(f.command, '--name'));
      const auto = flag(f.command, '--auto-upgrade-minor-version');
      expect(doc.spec.extension!.autoUpgradeMinorVersion).toBe(auto === undefined ? undefined : /^false/i.test(auto) ? false : true);
    }
  });

  test('keeps every setting key it was given', () => {
    const keys = [...f.command.matchAll(/\s([A-Za-z][\w.]*)=/g)].map((m) => m[1]!);
    const s = settingsFromSpec(doc);
    for (const key of keys) expect(key in s.plain || key in s.protected).toBe(true);
  });

  test('reports every placeholder where it is written, and nothing else as one', () => {
    const expected = [...input.matchAll(/<[^<>\n]+>/g)].map((m) => m.index);
    const lineStarts = [0, ...[...input.matchAll(/\n/g)].map((m) => m.index + 1)];
    const offsetOf = (d: { line: number; column: number }) => lineStarts[d.line - 1]! + d.column - 1;
    const reported = result.diagnostics.filter((d) => d.code === 'AMLK-IMPORT-PLACEHOLDER').map(offsetOf);
    expect(new Set(reported)).toEqual(new Set(expected));
  });

  test('flags the documentation glue it had to undo, and nothing unexpected', () => {
    const glued = result.diagnostics.filter((d) => d.code === 'AMLK-IMPORT-GLUED').length;
    expect(glued).toBe(Number(f.command.includes('FalseHTTP')) + Number(f.command.includes('>--')));
    const unexpected = result.diagnostics.filter((d) => d.severity === 'error' || ['AMLK-IMPORT-UNKNOWN-FLAG', 'AMLK-IMPORT-BAD-SETTING', 'AMLK-IMPORT-SHELL'].includes(d.code));
    expect(unexpected).toEqual([]);
  });

  if (!isAttach(f)) {
    test(`reaches the verdict "${f.expected.verdict}" under Azure's create rules, and keeps the keys to warn about`, () => {
      const errors = createRuleErrors(settingsFromSpec(doc), f.cluster?.nodeCount);
      expect(errors.length ? 'rejected' : 'accepted').toBe(f.expected.verdict);
      expect(errors).toEqual([...(f.expected.settings ?? [])].sort());
      const raw = { ...doc.spec.extension!.settings, ...doc.spec.extension!.protectedSettings };
      for (const key of f.expected.warnSettings ?? []) expect(key in raw).toBe(true);
    });
  }
});

// The documents with their command lines at their original line numbers and the prose taken out
// (sentences that name a command are replaced by one of ours), committed as test data.
const SEEDS = fileURLToPath(new URL('../../test/fixtures/seed-commands/', import.meta.url));

describe('whole documents', () => {
  const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt'));
  test('every document is there', () => {
    expect(files).toHaveLength(5);
  });
  test.each(files)('%s: exactly the fixture commands are imported, prose is not', (file) => {
    const r = importAz(readFileSync(`${SEEDS}${file}`, 'utf8'), { file });
    const lines = r.sourceLines.flat().sort((a, b) => a - b);
    const expected = AZ_DOC_COMMANDS.filter((f) => f.source.startsWith(`${file}:`)).map((f) => Number(f.source.split(':')[1]));
    expect(lines).toEqual(expected);
    expect(r.diagnostics.filter((d) => d.code === 'AMLK-IMPORT-SHELL' || d.code === 'AMLK-IMPORT-UNKNOWN-FLAG')).toEqual([]);
  });

  test('004: the attach joins the document of the cluster its $CLUSTER_ID names', () => {
    const file = files.find((f) => f.startsWith('004'))!;
    const r = importAz(readFileSync(`${SEEDS}${file}`, 'utf8'));
    expect(r.sourceLines).toEqual([[55], [72], [90, 148]]);
  });
});
