// The emulated Kubernetes API servers behind kubeconfig(): discovery, server-side apply, the
// rules the real API server enforces for namespaces, volumes and claims, and instance types that
// exist only once the AzureML extension is installed.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { RG, SUB, aksId, arm, armToken, azureMlSettings } from './helpers.ts';

let emulator: Emulator;
let server: string;
let kubeToken: string;

beforeAll(async () => {
  emulator = await startEmulator({
    installTimeMs: 0,
    retryAfterSeconds: 0,
    clusters: [
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-k8s', type: 'aks' },
      { subscriptionId: SUB, resourceGroup: 'other-rg', name: 'aks-k8s', type: 'aks' },
    ],
  });
  trustEmulator(emulator);
  const config = kubeconfigFields(emulator.kubeconfig());
  server = config.servers['aks-k8s-rg-ml']!;
  kubeToken = config.token;
});

afterAll(async () => {
  await emulator?.stop();
});

/** The fields of the generated kubeconfig (string values are JSON-quoted, one per line). */
function kubeconfigFields(text: string): { servers: Record<string, string>; contexts: string[]; token: string; ca: string } {
  const clusters = [...text.matchAll(/^- name: ("[^"]+")\n {2}cluster:\n {4}server: ("[^"]+")\n {4}certificate-authority-data: (\S+)$/gm)];
  const contexts = [...text.matchAll(/^- name: ("[^"]+")\n {2}context:/gm)].map((m) => JSON.parse(m[1]!) as string);
  return {
    servers: Object.fromEntries(clusters.map((m) => [JSON.parse(m[1]!) as string, JSON.parse(m[2]!) as string])),
    contexts,
    token: JSON.parse(/^ {4}token: ("[^"]+")$/m.exec(text)![1]!) as string,
    ca: Buffer.from(clusters[0]![3]!, 'base64').toString(),
  };
}

async function kube(method: string, path: string, body?: unknown, contentType = 'application/json', token = kubeToken): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

const apply = (path: string, body: unknown) => kube('PATCH', `${path}?fieldManager=aml-k8s&force=true`, body, 'application/apply-patch+yaml');

const pv = (name: string, claim: string, namespace: string, nfsPath = '/exports/data') => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany'], storageClassName: '', claimRef: { namespace, name: claim }, nfs: { server: '10.0.0.4', path: nfsPath } },
});
const pvc = (name: string, namespace: string, volumeName: string, storage = '10Gi', accessModes = ['ReadWriteMany']) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace, labels: { 'ml.azure.com/pvc': 'true' }, annotations: { 'ml.azure.com/mountpath': '/mnt/data' } },
  spec: { accessModes, storageClassName: '', resources: { requests: { storage } }, volumeName },
});

describe('kubeconfig', () => {
  test('one context per cluster, named after it (with the resource group when names collide), trusting the emulator CA', () => {
    const config = kubeconfigFields(emulator.kubeconfig());
    expect(config.contexts.sort()).toEqual(['aks-k8s-other-rg', 'aks-k8s-rg-ml']);
    expect(server).toBe(`${emulator.url}/kubernetes${aksId('aks-k8s')}`);
    expect(config.ca).toBe(emulator.ca);
  });

  test('a wrong token is 401; an unknown cluster 404', async () => {
    expect((await kube('GET', '/api/v1/namespaces', undefined, undefined, 'wrong')).status).toBe(401);
    const res = await fetch(`${emulator.url}/kubernetes/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/none/api/v1/namespaces`, { headers: { authorization: `Bearer ${kubeToken}` } });
    expect(res.status).toBe(404);
  });
});

describe('Kubernetes API', () => {
  test('core discovery; the clusters start with the usual namespaces', async () => {
    const d = await kube('GET', '/api/v1');
    expect(d.body.resources.map((r: { name: string; namespaced: boolean }) => [r.name, r.namespaced])).toEqual([['namespaces', false], ['persistentvolumes', false], ['persistentvolumeclaims', true], ['secrets', true]]);
    const ns = await kube('GET', '/api/v1/namespaces');
    expect(ns.body.items.map((n: any) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  test('a claim needs its namespace; applied volume and claim bind to each other', async () => {
    const early = await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/data', pvc('data', 'ml-jobs', 'ml-jobs-data'));
    expect(early).toMatchObject({ status: 404, body: { reason: 'NotFound', message: 'namespaces "ml-jobs" not found' } });
    expect((await apply('/api/v1/namespaces/ml-jobs', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml-jobs' } })).status).toBe(201);
    expect((await apply('/api/v1/persistentvolumes/ml-jobs-data', pv('ml-jobs-data', 'data', 'ml-jobs'))).status).toBe(201);
    const created = await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/data', pvc('data', 'ml-jobs', 'ml-jobs-data'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ metadata: { namespace: 'ml-jobs', labels: { 'ml.azure.com/pvc': 'true' }, uid: expect.any(String) }, status: { phase: 'Bound' } });
    expect((await kube('GET', '/api/v1/persistentvolumes/ml-jobs-data')).body.status.phase).toBe('Bound');
    const again = await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/data', pvc('data', 'ml-jobs', 'ml-jobs-data'));
    expect(again.status).toBe(200);
    expect(again.body.metadata.uid).toBe(created.body.metadata.uid);
    const listed = await kube('GET', '/api/v1/namespaces/ml-jobs/persistentvolumeclaims?labelSelector=ml.azure.com%2Fpvc%3Dtrue');
    expect(listed.body.items.map((i: any) => i.metadata.name)).toEqual(['data']);
  });

  test('claim and volume specs are immutable, except a claim growing', async () => {
    const shrink = await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/data', pvc('data', 'ml-jobs', 'ml-jobs-data', '5Gi'));
    expect(shrink).toMatchObject({ status: 422, body: { reason: 'Invalid', message: expect.stringContaining('can not be less than previous value') } });
    const modes = await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/data', pvc('data', 'ml-jobs', 'ml-jobs-data', '10Gi', ['ReadWriteOnce']));
    expect(modes).toMatchObject({ status: 422, body: { message: expect.stringContaining('spec is immutable after creation') } });
    expect((await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/data', pvc('data', 'ml-jobs', 'ml-jobs-data', '20Gi'))).status).toBe(200);
    const source = await apply('/api/v1/persistentvolumes/ml-jobs-data', pv('ml-jobs-data', 'data', 'ml-jobs', '/exports/other'));
    expect(source).toMatchObject({ status: 422, body: { message: expect.stringContaining('persistentvolumesource is immutable') } });
  });

  test('instance types are served once the AzureML extension is installed', async () => {
    expect((await kube('GET', '/apis/amlarc.azureml.com/v1alpha1')).status).toBe(404);
    const token = await armToken(emulator);
    const put = await arm(emulator, 'PUT', `${aksId('aks-k8s')}/providers/Microsoft.KubernetesConfiguration/extensions/azureml?api-version=2023-05-01`, { properties: { extensionType: 'Microsoft.AzureML.Kubernetes', configurationSettings: azureMlSettings() } }, token);
    expect(put.status).toBe(201);
    await new Promise((r) => setTimeout(r, 10));
    expect((await kube('GET', '/apis/amlarc.azureml.com/v1alpha1')).body.resources).toEqual([expect.objectContaining({ name: 'instancetypes', namespaced: false, kind: 'InstanceType' })]);
    expect((await kube('GET', '/api/v1/namespaces/azureml')).status).toBe(200);
    const it = { apiVersion: 'amlarc.azureml.com/v1alpha1', kind: 'InstanceType', metadata: { name: 'small' }, spec: { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } } } };
    expect((await apply('/apis/amlarc.azureml.com/v1alpha1/instancetypes/small', it)).status).toBe(201);
    expect((await kube('POST', '/apis/amlarc.azureml.com/v1alpha1/instancetypes', it)).status).toBe(409);
    expect(emulator.state().kubernetes[aksId('aks-k8s')]!.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('InstanceType/small');
  });

  test('invalid names and kinds are refused; deleting a namespace deletes what it holds', async () => {
    expect((await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/Bad_Name', pvc('Bad_Name', 'ml-jobs', 'x'))).status).toBe(422);
    expect((await apply('/api/v1/namespaces/ml-jobs/persistentvolumeclaims/x', { ...pvc('x', 'ml-jobs', 'x'), kind: 'Secret' })).status).toBe(400);
    expect((await kube('DELETE', '/api/v1/namespaces/ml-jobs')).status).toBe(200);
    expect((await kube('GET', '/api/v1/namespaces/ml-jobs/persistentvolumeclaims/data')).status).toBe(404);
    expect(emulator.requests().filter((r) => r.kind === 'kubernetes').length).toBeGreaterThan(10);
  });
});
