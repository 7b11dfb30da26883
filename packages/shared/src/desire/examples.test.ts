// Every example spec under examples/ turns into a desired state, offline and with cluster facts,
// and that state passes Azure's create-time rules (reference §2, §6, §7).
import { describe, expect, test } from '@jest/globals';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ClusterFacts } from '../model/facts.ts';
import type { ComputeDocument } from '../model/types.ts';
import { desire } from './desire.ts';
import type { DesiredState } from './desired-state.ts';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const load = (file: string): ComputeDocument => parse(readFileSync(join(EXAMPLES, file), 'utf8')) as ComputeDocument;
const SUBSCRIPTIONS = ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002'];
// Stand-ins for CI secrets; the GPU example reads its PEM pair from these.
const ENV = {
  ML_TLS_CERT_PEM: readFileSync(join(EXAMPLES, 'tls/ml-contoso-com.cert.pem'), 'utf8'),
  ML_TLS_KEY_PEM: readFileSync(join(EXAMPLES, 'tls/ml-contoso-com.key.pem'), 'utf8'),
};

const isTrue = (v: string | undefined): boolean => String(v ?? '').toLowerCase() === 'true';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^(\d+(\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const quantity = (v: string): number => {
  const m = QUANTITY.exec(v);
  if (!m) return Number.NaN;
  const f: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return Number(m[1]) * f[m[3] ?? '']!;
};

/** Azure's rules for a create, applied to what we would send. Returns the violations. */
function azureViolations(doc: ComputeDocument, state: DesiredState, facts: ClusterFacts): string[] {
  const out: string[] = [];
  const body = state.extension.body;
  const p = body.configurationSettings;
  const s = body.configurationProtectedSettings;
  if (body.extensionType.toLowerCase() !== 'microsoft.azureml.kubernetes') out.push('extension type');
  if (body.scope.cluster.releaseNamespace !== 'azureml') out.push('release namespace');
  if (!DNS_LABEL.test(state.extension.name) || state.extension.name.length > 53) out.push('extension name');
  for (const k of Object.keys(s)) if (k in p) out.push(`${k} in both maps`);
  const inference = isTrue(p.enableInference);
  if (!isTrue(p.enableTraining) && !inference) out.push('no workload');
  if (body.version !== undefined && body.autoUpgradeMinorVersion) out.push('version with auto-upgrade');
  if (inference) {
    const type = p.inferenceRouterServiceType?.toLowerCase();
    if (!['loadbalancer', 'nodeport', 'clusterip'].includes(type ?? '')) out.push('router type');
    const pem = 'sslCertPemFile' in s && 'sslKeyPemFile' in s;
    const ssl = pem || Boolean(p.sslSecret);
    if (!ssl && !isTrue(p.allowInsecureConnections)) out.push('neither TLS nor insecure');
    if (ssl && !p.sslCname) out.push('TLS without CNAME');
    const ilb = p.internalLoadBalancerProvider?.toLowerCase() === 'azure';
    if (ilb && type === 'nodeport') out.push('NodePort with ILB');
    if (ilb && doc.spec.cluster.type !== 'aks') out.push('ILB off AKS');
    if (type === 'loadbalancer' && facts.loadBalancerSupported === false) out.push('no LB');
    if ((facts.nodeCount ?? 3) < 3 && isTrue(p.inferenceRouterHA)) out.push('HA on < 3 nodes');
    if (pem) {
      const cert = new X509Certificate(Buffer.from(s['scoringFe.sslCert']!.reveal(), 'base64'));
      const keyText = Buffer.from(s['scoringFe.sslKey']!.reveal(), 'base64').toString();
      if (/ENCRYPTED/.test(keyText) || !cert.checkPrivateKey(createPrivateKey(keyText))) out.push('PEM pair');
      if (!cert.checkHost(p.sslCname!)) out.push('CNAME not in certificate');
    }
  }
  const compute = state.compute;
  if (!compute) return [...out, 'no compute'];
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/.test(compute.workspaceName)) out.push('workspace name');
  if (doc.spec.cluster.type === 'aks' && compute.subscriptionId !== doc.spec.cluster.subscriptionId) out.push('cross-subscription AKS attach');
  const ns = compute.body.properties.properties?.namespace ?? '';
  if (!DNS_LABEL.test(ns)) out.push('namespace');
  const identity = compute.body.identity;
  if (identity && !['SystemAssigned', 'UserAssigned', 'None'].includes(identity.type)) out.push('identity type');
  if (identity?.type === 'UserAssigned' && Object.keys(identity.userAssignedIdentities ?? {}).length === 0) out.push('user-assigned identity without id');
  // Job data storage: Azure ML mounts labelled claims of the compute's namespace (reference §11).
  for (const m of state.manifests) {
    if (m.form !== 'object' || m.object.kind !== 'PersistentVolumeClaim') continue;
    const meta = m.object.metadata ?? {};
    if (meta.labels?.['ml.azure.com/pvc'] !== 'true') out.push(`claim ${meta.name} without the ml.azure.com/pvc label`);
    if (!meta.annotations?.['ml.azure.com/mountpath']?.startsWith('/')) out.push(`claim ${meta.name} without an absolute mount path`);
    if (meta.namespace !== ns) out.push(`claim ${meta.name} outside the compute namespace`);
  }
  const extSelector = doc.spec.extension!.nodeSelector ?? {};
  for (const [name, it] of Object.entries(doc.spec.instanceTypes ?? {})) {
    if (!DNS_LABEL.test(name)) out.push(`instance type name ${name}`);
    const req = it.resources?.requests ?? {};
    const lim = it.resources?.limits ?? {};
    for (const [part, q] of [['requests', req], ['limits', lim]] as const) {
      for (const r of ['cpu', 'memory'] as const) {
        const v = q[r];
        if (typeof v !== 'string' || !(quantity(v) > 0)) out.push(`${name} ${part}.${r}`);
      }
    }
    if ('nvidia.com/gpu' in req) out.push(`${name} GPU in requests`);
    if ('nvidia.com/gpu' in lim && !Number.isInteger(lim['nvidia.com/gpu'])) out.push(`${name} GPU not an integer`);
    for (const r of ['cpu', 'memory'] as const) if (quantity(String(req[r])) > quantity(String(lim[r]))) out.push(`${name} ${r} request above limit`);
    if (Object.keys(extSelector).length > 0) {
      for (const [k, v] of Object.entries(it.nodeSelector ?? {})) if (extSelector[k] !== v) out.push(`${name} nodeSelector not within the extension's`);
    }
  }
  return out;
}

describe.each(files)('example %s', (file) => {
  const doc = load(file);
  const facts = (nodeCount: number): ClusterFacts => ({
    id: 'ignored', type: doc.spec.cluster.type, location: 'westeurope', nodeCount, loadBalancerSupported: true,
    ...(doc.spec.cluster.distribution ? { distribution: doc.spec.cluster.distribution } : {}),
  });

  test('is a complete spec in the shared conventions', () => {
    expect(doc).toMatchObject({ apiVersion: 'aml-k8s/v1', kind: 'KubernetesCompute' });
    expect(doc.metadata.owner).toMatch(/^group:default\//);
    expect(doc.metadata.name).toMatch(/^[a-z][a-z0-9-]{1,15}$/);
    expect(doc.spec.attach?.workspace).toMatchObject({ resourceGroup: 'ml-rg', name: 'ml-workspace' });
    expect(SUBSCRIPTIONS).toContain(doc.spec.cluster.subscriptionId);
    expect(SUBSCRIPTIONS).toContain(doc.spec.attach?.workspace.subscriptionId ?? doc.spec.cluster.subscriptionId);
    expect(readFileSync(join(EXAMPLES, file), 'utf8')).toMatch(/^# \S/);
  });

  test('offline render: no facts, no secrets read', () => {
    const state = desire(doc, { specDir: EXAMPLES, env: {} });
    expect(state.extension.body.configurationSettings.domain).toBeUndefined();
    expect(Object.values(state.extension.body.configurationProtectedSettings).filter((v) => !v.resolved).length).toBe(Object.keys(state.extension.body.configurationProtectedSettings).filter((k) => !k.endsWith('PemFile')).length);
  });

  // An example that asks for a highly available router describes a cluster of at least 3 nodes.
  const sizes = doc.spec.extension!.inference?.highAvailability === true ? [5] : [5, 2];
  test.each(sizes)('with facts (%i nodes) and secrets: valid by Azure\'s rules', (nodes) => {
    const state = desire(doc, { specDir: EXAMPLES, facts: facts(nodes), workspaceLocation: 'westeurope', resolveSecrets: true, env: ENV });
    expect(azureViolations(doc, state, facts(nodes))).toEqual([]);
    expect(state.extension.body.configurationSettings.domain).toBe('westeurope.cloudapp.azure.com');
    expect(state.compute?.body.location).toBe('westeurope');
  });
});

test('examples cover the documented scenarios, each on its own cluster and compute', () => {
  expect(files).toEqual([
    'aks-internal-load-balancer.yaml', 'aks-production-https-pem.yaml', 'aks-proof-of-concept.yaml', 'arc-production-nodeport-gpu.yaml', 'arc-training-only.yaml',
    'clusterip.yaml', 'https-ssl-secret.yaml', 'instance-types.yaml', 'node-selectors.yaml', 'openshift.yaml', 'reuse-prometheus-volcano.yaml',
    'training-data-storage.yaml',
  ]);
  const states = files.map((f) => desire(load(f), { specDir: EXAMPLES }));
  expect(new Set(states.map((s) => s.extension.clusterId)).size).toBe(files.length);
  expect(new Set(states.map((s) => s.compute!.id)).size).toBe(files.length);
});
