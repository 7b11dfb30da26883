// Round trip: for every example, `render --as az` fed to `import az` gives back an equivalent spec.
import { describe, expect, test } from '@jest/globals';
import { settingsFromSpec } from '@aml-k8s/shared';
import type { ComputeDocument } from '@aml-k8s/shared';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO, runCli } from './run-cli.ts';

const EXAMPLES = readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.yaml'));

/** What Azure would be asked for: effective settings, cluster and attach (instance types have no az form). */
function essence(doc: ComputeDocument) {
  const s = settingsFromSpec(doc);
  const a = doc.spec.attach;
  return {
    cluster: { ...doc.spec.cluster, distribution: doc.spec.cluster.distribution?.toLowerCase() === 'openshift' ? 'openshift' : undefined },
    plain: s.plain,
    protected: s.protected,
    extension: { name: doc.spec.extension?.name ?? 'azureml', version: doc.spec.extension?.version, releaseTrain: doc.spec.extension?.releaseTrain?.toLowerCase(), autoUpgrade: doc.spec.extension?.autoUpgradeMinorVersion ?? true },
    attach: a && {
      computeName: a.computeName ?? doc.metadata.name,
      workspace: { ...a.workspace, subscriptionId: a.workspace.subscriptionId ?? doc.spec.cluster.subscriptionId },
      namespace: a.namespace ?? 'default',
      identity: a.identity ?? { type: 'SystemAssigned' },
    },
  };
}

describe('render --as az → import az', () => {
  test.each(EXAMPLES)('%s', (file) => {
    const original = parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as ComputeDocument;
    const rendered = runCli(['render', `examples/${file}`, '--as', 'az']);
    expect(rendered.code).toBe(0);
    const imported = runCli(['import', 'az', '-'], { input: rendered.stdout });
    expect(imported.stderr).not.toMatch(/ error /);
    expect(imported.code).toBe(0);
    const docs = parseAllDocuments(imported.stdout).map((d) => d.toJS() as ComputeDocument);
    expect(docs).toHaveLength(1);
    expect(essence(docs[0]!)).toEqual(essence(original));
  });
});

describe('aml-k8s import az', () => {
  test('writes the spec even with errors, diagnostics on stderr with the setting, exit 1', () => {
    const r = runCli(['import', 'az', '-'], {
      input: 'az k8s-extension create --name ml --extension-type Microsoft.AzureML.Kubernetes --cluster-type connectedClusters \\\n  --cluster-name arc1 --resource-group rg --config enableInference=True allowInsecureConnections=Ture\n',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('apiVersion: aml-k8s/v1');
    expect(r.stderr).toMatch(/error AMLK101 \[inferenceRouterServiceType\]/);
    expect(r.stderr).toMatch(/\[allowInsecureConnections\]/);
  });

  test('usage errors exit 2', () => {
    expect(runCli(['import', 'az']).code).toBe(2);
    expect(runCli(['import', 'bicep', 'x']).code).toBe(2);
    expect(runCli(['import', 'az', '/nonexistent']).code).toBe(2);
  });
});

describe('aml-k8s render', () => {
  test('refuses invalid specs with exit 1 and renders nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-render-'));
    const text = readFileSync(join(REPO, 'examples/arc-training-only.yaml'), 'utf8').replace('training: true', 'training: false');
    writeFileSync(join(dir, 'off.yaml'), text);
    const r = runCli(['render', dir, '--as', 'arm']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('AMLK100');
    expect(runCli(['render', 'examples/', '--as', 'kustomize']).code).toBe(2);
    expect(runCli(['render', 'examples/']).code).toBe(2);
  });

  test('manifests carry instance types and the OpenShift SCC users', () => {
    const r = runCli(['render', 'examples/', '--as', 'manifests']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind: InstanceType');
    expect(r.stdout).toContain('system:serviceaccount:azureml:');
  });

  test('json arm requests name the PUT paths', () => {
    const r = runCli(['render', 'examples/arc-training-only.yaml', '--as', 'arm', '--format', 'json']);
    expect(r.code).toBe(0);
    const [item] = JSON.parse(r.stdout);
    expect(item.requests.map((q: { path: string }) => q.path).join('\n')).toMatch(/Microsoft\.Kubernetes\/connectedClusters\/.+\/extensions\//);
  });
});
