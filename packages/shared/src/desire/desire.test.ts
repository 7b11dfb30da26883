import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Extension, PatchExtension } from '@azure/arm-kubernetesconfiguration';
import type { ComputeResource } from '@azure/arm-machinelearning';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretResolutionError } from '../secrets/resolve.ts';
import { SecretValue, UnresolvedSecretError } from '../secrets/secret-value.ts';
import type { ComputeDocument, ComputeSpec } from '../model/types.ts';
import { desire } from './desire.ts';
import { privilegedSccUsers } from './openshift.ts';
import { withRelayConnection } from './relay.ts';
import { sdkExtension, sdkPatchExtension } from './sdk-bodies.ts';

const SUB = '00000000-0000-0000-0000-000000000001';

function doc(spec: Partial<ComputeSpec> = {}, metadata: Partial<ComputeDocument['metadata']> = {}): ComputeDocument {
  return {
    apiVersion: 'aml-k8s/v1',
    kind: 'KubernetesCompute',
    metadata: { name: 'aks-prod', owner: 'group:default/ml-platform', ...metadata },
    spec: {
      cluster: { type: 'aks', subscriptionId: SUB, resourceGroup: 'ml-prod-rg', name: 'aks-ml-prod' },
      extension: { training: true },
      attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' } },
      ...spec,
    },
  };
}

let dir: string;
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBkey\n-----END PRIVATE KEY-----\n';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amlk-desire-'));
  writeFileSync(join(dir, 'cert.pem'), CERT);
  writeFileSync(join(dir, 'key.pem'), KEY);
  writeFileSync(join(dir, 'relay.txt'), 'Endpoint=sb://r/;SharedAccessKey=k\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pemTls = { routerServiceType: 'LoadBalancer' as const, tls: { cname: 'ml.contoso.com', certFile: 'cert.pem', keyFile: 'key.pem' } };

describe('extension', () => {
  test('coordinates and the ARM path', () => {
    const { extension } = desire(doc(), { specDir: dir });
    expect(extension).toMatchObject({
      clusterRp: 'Microsoft.ContainerService',
      clusterResourceName: 'managedClusters',
      clusterName: 'aks-ml-prod',
      resourceGroup: 'ml-prod-rg',
      subscriptionId: SUB,
      name: 'azureml',
      clusterId: `/subscriptions/${SUB}/resourceGroups/ml-prod-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml-prod`,
      id: `/subscriptions/${SUB}/resourceGroups/ml-prod-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml-prod/providers/Microsoft.KubernetesConfiguration/extensions/azureml`,
    });
    const arc = desire(doc({ cluster: { type: 'arc', subscriptionId: SUB, resourceGroup: 'r', name: 'c' }, extension: { name: 'ml', training: true } }), { specDir: dir }).extension;
    expect(arc.id).toBe(`/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/ml`);
  });

  test('body fields', () => {
    const { body } = desire(doc(), { specDir: dir }).extension;
    expect(body).toMatchObject({ extensionType: 'microsoft.azureml.kubernetes', autoUpgradeMinorVersion: true, releaseTrain: 'stable', scope: { cluster: { releaseNamespace: 'azureml' } } });
    expect(body.version).toBeUndefined();
    const pinned = desire(doc({ extension: { training: true, version: '1.1.64', autoUpgradeMinorVersion: false } }), { specDir: dir }).extension.body;
    expect(pinned).toMatchObject({ version: '1.1.64', autoUpgradeMinorVersion: false, releaseTrain: 'stable' });
    expect(desire(doc({ extension: { training: true, releaseTrain: 'preview' } }), { specDir: dir }).extension.body.releaseTrain).toBe('preview');
  });

  test('offline: protected values are placeholders and no secret file is read', () => {
    const state = desire(doc({ extension: { inference: { ...pemTls, tls: { cname: 'ml.contoso.com', certFile: 'missing/c.pem', keyFile: 'missing/k.pem' } }, protectedSettings: { relayServerConnectionString: { env: 'NOT_SET' } } } }), { specDir: dir, env: {} });
    const prot = state.extension.body.configurationProtectedSettings;
    expect(prot['scoringFe.sslCert']!.resolved).toBe(false);
    expect(prot.relayServerConnectionString!.resolved).toBe(false);
    expect(prot.sslCertPemFile!.reveal()).toBe('missing/c.pem');
    expect(state.extension.notes.join('\n')).toMatch(/placeholders/);
  });

  test('resolved: PEM text base64-encoded, value files trimmed, variables as is', () => {
    const state = desire(doc({ extension: { inference: pemTls, protectedSettings: { relayServerConnectionString: { file: 'relay.txt' }, serviceBusConnectionString: { env: 'SB' } } } }), { specDir: dir, resolveSecrets: true, env: { SB: 'sb-conn ' } });
    const prot = state.extension.body.configurationProtectedSettings;
    expect(prot['scoringFe.sslCert']!.reveal()).toBe(Buffer.from(CERT).toString('base64'));
    expect(prot['scoringFe.sslKey']!.reveal()).toBe(Buffer.from(KEY).toString('base64'));
    expect(prot.relayServerConnectionString!.reveal()).toBe('Endpoint=sb://r/;SharedAccessKey=k');
    expect(prot['relayserver.relayConnectionString']!.reveal()).toBe('Endpoint=sb://r/;SharedAccessKey=k');
    expect(prot.serviceBusConnectionString!.reveal()).toBe('sb-conn ');
    expect(prot['servicebus.connectionString']!.reveal()).toBe('sb-conn ');
    expect(state.extension.notes.join('\n')).not.toMatch(/placeholders/);
  });

  test('PEM from environment variables', () => {
    const d = doc({ extension: { inference: { routerServiceType: 'NodePort', tls: { cname: 'ml.contoso.com', certEnv: 'C', keyEnv: 'K' } } } });
    const prot = desire(d, { specDir: dir, resolveSecrets: true, env: { C: CERT, K: KEY } }).extension.body.configurationProtectedSettings;
    expect(Buffer.from(prot['scoringFe.sslCert']!.reveal(), 'base64').toString()).toBe(CERT);
  });

  test('resolution errors name the file and the setting', () => {
    const d = doc({ extension: { inference: { ...pemTls, tls: { cname: 'ml.contoso.com', certFile: 'cert.pem', keyFile: 'nope.pem' } } } });
    expect(() => desire(d, { specDir: dir, resolveSecrets: true, env: {} })).toThrow(SecretResolutionError);
    expect(() => desire(d, { specDir: dir, resolveSecrets: true, env: {} })).toThrow(/"nope\.pem" \(for sslKeyPemFile\)/);
  });
});

describe('SDK request objects', () => {
  test('sdkExtension reveals, type-checks as Extension, and refuses placeholders', () => {
    const state = desire(doc({ extension: { inference: pemTls } }), { specDir: dir, resolveSecrets: true });
    const sdk: Extension = sdkExtension(state.extension.body);
    expect(sdk.configurationProtectedSettings?.['scoringFe.sslCert']).toBe(Buffer.from(CERT).toString('base64'));
    expect(sdk.scope).toEqual({ cluster: { releaseNamespace: 'azureml' } });
    const offline = desire(doc({ extension: { inference: pemTls } }), { specDir: dir });
    expect(() => sdkExtension(offline.extension.body)).toThrow(UnresolvedSecretError);
    const patch: PatchExtension = sdkPatchExtension(state.extension.body, { includeProtected: false });
    expect(patch.configurationProtectedSettings).toBeUndefined();
    expect(Object.keys(sdkPatchExtension(state.extension.body, { includeProtected: true }).configurationProtectedSettings ?? {})).toHaveLength(4);
  });

  test('withRelayConnection adds what the CLI adds once the relay exists', () => {
    const arc = desire(doc({ cluster: { type: 'arc', subscriptionId: SUB, resourceGroup: 'r', name: 'edge-01' } }), { specDir: dir });
    const relay = arc.extension.relay!;
    const body = withRelayConnection(arc.extension.body, { connectionString: SecretValue.of('relay', 'Endpoint=sb://x/'), hybridConnectionResourceId: relay.hybridConnectionId, hybridConnectionName: relay.hybridConnectionName });
    expect(body.configurationSettings).toMatchObject({ 'relayserver.hybridConnectionResourceID': relay.hybridConnectionId, 'relayserver.hybridConnectionName': 'edge-01' });
    expect(Object.keys(body.configurationProtectedSettings)).toEqual(['relayServerConnectionString', 'relayserver.relayConnectionString']);
    expect(body.configurationProtectedSettings['relayserver.relayConnectionString']!.reveal()).toBe('Endpoint=sb://x/');
    expect(arc.extension.body.configurationProtectedSettings).toEqual({});
  });
});

describe('compute', () => {
  test('attach body per reference §6', () => {
    const state = desire(doc({ instanceTypes: { gpu: { nodeSelector: { pool: 'gpu' }, resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': 1 } } } } }, { description: 'Prod' }), { specDir: dir, workspaceLocation: 'westeurope' });
    const compute = state.compute!;
    expect(compute).toMatchObject({ subscriptionId: SUB, resourceGroup: 'ml-rg', workspaceName: 'ml-workspace', name: 'aks-prod', id: `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace/computes/aks-prod` });
    const body: ComputeResource = compute.body;
    expect(body).toStrictEqual({
      location: 'westeurope',
      properties: {
        computeType: 'Kubernetes',
        computeLocation: 'westeurope',
        resourceId: state.extension.clusterId,
        description: 'Prod',
        properties: {
          namespace: 'default',
          instanceTypes: { gpu: { nodeSelector: { pool: 'gpu' }, resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '1' } } } },
        },
      },
    });
    expect(compute.notes).toEqual([]);
  });

  test('identities, namespace, names, default instance type', () => {
    const uai = '/subscriptions/x/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-id';
    const c = desire(doc({
      attach: { computeName: 'prod-k8s', workspace: { subscriptionId: '00000000-0000-0000-0000-000000000009', resourceGroup: 'ml-rg', name: 'ml-workspace' }, namespace: 'ml', identity: { type: 'UserAssigned', ids: [uai, `${uai}2`] }, description: 'attached' },
      instanceTypes: { defaultinstancetype: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } } },
    }), { specDir: dir }).compute!;
    expect(c.name).toBe('prod-k8s');
    expect(c.subscriptionId).toBe('00000000-0000-0000-0000-000000000009');
    expect(c.body.identity).toStrictEqual({ type: 'UserAssigned', userAssignedIdentities: { [uai]: {}, [`${uai}2`]: {} } });
    expect(c.body.properties.properties).toMatchObject({ namespace: 'ml', defaultInstanceType: 'defaultinstancetype' });
    expect(c.body.properties.description).toBe('attached');
    expect(c.body.location).toBeUndefined();
    expect(c.notes.join('\n')).toMatch(/only the first user-assigned identity/);
    expect(c.notes.join('\n')).toMatch(/region is not known/);
    expect(desire(doc({ attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' }, identity: { type: 'SystemAssigned' } } }), { specDir: dir }).compute!.body.identity).toStrictEqual({ type: 'SystemAssigned' });
  });

  test('no attach block, no compute; state is carried', () => {
    const d = doc();
    delete d.spec.attach;
    expect(desire(d, { specDir: dir }).compute).toBeUndefined();
    expect(desire(doc({ state: 'absent' }), { specDir: dir }).state).toBe('absent');
  });
});

describe('manifests', () => {
  const it = (cpu: string) => ({ resources: { requests: { cpu, memory: '1Gi' }, limits: { cpu, memory: '1Gi', 'nvidia.com/gpu': '2' } } });

  test('one InstanceType, or one InstanceTypeList', () => {
    const one = desire(doc({ instanceTypes: { small: it('1') } }), { specDir: dir }).manifests;
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ form: 'object', object: { apiVersion: 'amlarc.azureml.com/v1alpha1', kind: 'InstanceType', metadata: { name: 'small' }, spec: { resources: { limits: { cpu: '1', 'nvidia.com/gpu': 2 } } } } });
    const two = desire(doc({ instanceTypes: { small: it('1'), big: it('4') } }), { specDir: dir }).manifests;
    expect(two).toHaveLength(1);
    expect(two[0]).toMatchObject({ form: 'object', object: { kind: 'InstanceTypeList', items: [{ metadata: { name: 'small' } }, { metadata: { name: 'big' } }] } });
  });

  test('TLS secret template, never real material', () => {
    const m = desire(doc({ extension: { inference: { routerServiceType: 'LoadBalancer', tls: { cname: 'ml.contoso.com', secretName: 'ml-tls' } } } }), { specDir: dir }).manifests;
    expect(m).toEqual([expect.objectContaining({ form: 'object', template: true, object: expect.objectContaining({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: expect.objectContaining({ name: 'ml-tls', namespace: 'azureml' }) }) })]);
    const data = (m[0]?.form === 'object' ? m[0].object.stringData : {}) as Record<string, string>;
    expect(Object.keys(data)).toEqual(['cert.pem', 'key.pem']);
    expect(Object.values(data).every((v) => /^<.*>$/.test(v))).toBe(true);
  });

  test('OpenShift SCC users with the extension name and compute namespace', () => {
    expect(privilegedSccUsers('ml', 'default')).toEqual([
      'system:serviceaccount:azure-arc:azure-arc-kube-aad-proxy-sa',
      'system:serviceaccount:azureml:ml-kube-state-metrics',
      'system:serviceaccount:azureml:prom-admission',
      'system:serviceaccount:azureml:default',
      'system:serviceaccount:azureml:prom-operator',
      'system:serviceaccount:azureml:load-amlarc-selinux-policy-sa',
      'system:serviceaccount:azureml:azureml-fe-v2',
      'system:serviceaccount:azureml:prom-prometheus',
      'system:serviceaccount:azureml:azureml-ingress-nginx',
      'system:serviceaccount:azureml:azureml-ingress-nginx-admission',
    ]);
    expect(privilegedSccUsers('ml', 'jobs')).toContain('system:serviceaccount:jobs:default');
    const arc = doc({ cluster: { type: 'arc', subscriptionId: SUB, resourceGroup: 'r', name: 'aro' }, attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' }, namespace: 'jobs' } });
    expect(desire(arc, { specDir: dir }).manifests).toEqual([]);
    const fromFacts = desire(arc, { specDir: dir, facts: { id: 'x', type: 'arc', location: 'eastus', distribution: 'openshift' } }).manifests;
    expect(fromFacts).toHaveLength(1);
    expect(fromFacts[0]).toMatchObject({ form: 'patch', target: { kind: 'SecurityContextConstraints', name: 'privileged' }, patchType: 'json' });
    const patch = fromFacts[0]!.form === 'patch' ? fromFacts[0]!.patch : [];
    expect(patch.map((op) => op.value)).toEqual(privilegedSccUsers('azureml', 'jobs'));
    expect(patch.every((op) => op.op === 'add' && op.path === '/users/-')).toBe(true);
  });
});
