// What `az k8s-extension create` injects client-side (reference §3), AKS versus Arc.
import { describe, expect, test } from '@jest/globals';
import type { ClusterFacts } from '../model/facts.ts';
import type { ComputeDocument, ExtensionSpec } from '../model/types.ts';
import { desire } from './desire.ts';

const AKS_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-poc-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml-poc';
const ARC_ID = '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/onprem-k8s-rg/providers/Microsoft.Kubernetes/connectedClusters/onprem-gpu-01';

function doc(type: 'aks' | 'arc', extension: ExtensionSpec, distribution?: string): ComputeDocument {
  const cluster = type === 'aks'
    ? { type, subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-poc-rg', name: 'aks-ml-poc' }
    : { type, subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'onprem-k8s-rg', name: 'onprem-gpu-01' };
  return { apiVersion: 'aml-k8s/v1', kind: 'KubernetesCompute', metadata: { name: 'c' }, spec: { cluster: { ...cluster, ...(distribution ? { distribution } : {}) }, extension } };
}

const facts = (type: 'aks' | 'arc', more: Partial<ClusterFacts> = {}): ClusterFacts => ({ id: type === 'aks' ? AKS_ID : ARC_ID, type, location: 'EastUS', nodeCount: 5, ...more });
const insecureInference: ExtensionSpec = { training: true, inference: { routerServiceType: 'LoadBalancer', tls: { insecure: true } } };
const settingsOf = (d: ComputeDocument, f?: ClusterFacts) => desire(d, { specDir: '/nonexistent', ...(f ? { facts: f } : {}) }).extension;

describe('injected settings, AKS vs Arc', () => {
  test('AKS: exactly what the CLI sends', () => {
    const ext = settingsOf(doc('aks', insecureInference), facts('aks'));
    const expected = {
      enableTraining: 'True',
      enableInference: 'True',
      inferenceRouterServiceType: 'LoadBalancer',
      allowInsecureConnections: 'True',
      cluster_name: AKS_ID,
      domain: 'eastus.cloudapp.azure.com',
      location: 'eastus',
      jobSchedulerLocation: 'eastus',
      cluster_name_friendly: 'aks-ml-poc',
      'servicebus.enabled': 'false',
      'relayserver.enabled': 'false',
      'nginxIngress.enabled': 'true',
      clusterId: AKS_ID,
      'prometheus.prometheusSpec.externalLabels.cluster_name': AKS_ID,
    };
    expect(ext.body.configurationSettings).toStrictEqual(expected);
    // Same order as the CLI's dict, so a rendered body reads like the one az sends.
    expect(Object.keys(ext.body.configurationSettings)).toEqual(Object.keys(expected));
    expect(ext.body.configurationProtectedSettings).toStrictEqual({});
    expect(ext.body.identity).toBeUndefined();
    expect(ext.relay).toBeUndefined();
  });

  test('Arc: the same, with the relay on, ingress-nginx off and a system-assigned identity', () => {
    const ext = settingsOf(doc('arc', insecureInference), facts('arc'));
    expect(ext.body.configurationSettings).toStrictEqual({
      enableTraining: 'True',
      enableInference: 'True',
      inferenceRouterServiceType: 'LoadBalancer',
      allowInsecureConnections: 'True',
      cluster_name: ARC_ID,
      domain: 'eastus.cloudapp.azure.com',
      location: 'eastus',
      jobSchedulerLocation: 'eastus',
      cluster_name_friendly: 'onprem-gpu-01',
      'servicebus.enabled': 'false',
      'relayserver.enabled': 'true',
      'nginxIngress.enabled': 'false',
      clusterId: ARC_ID,
      'prometheus.prometheusSpec.externalLabels.cluster_name': ARC_ID,
    });
    expect(ext.body.identity).toStrictEqual({ type: 'SystemAssigned' });
    expect(ext.relay).toStrictEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000002',
      resourceGroup: 'onprem-k8s-rg',
      location: 'eastus',
      namespaceName: 'onpremgpu0100000000000000000000000000000002o853123',
      hybridConnectionName: 'onprem-gpu-01',
      hybridConnectionId: '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/onprem-k8s-rg/providers/Microsoft.Relay/namespaces/onpremgpu0100000000000000000000000000000002o853123/hybridConnections/onprem-gpu-01',
      authorizationRuleName: 'azureml_rw',
      rights: ['Manage', 'Send', 'Listen'],
      tags: { created_by: 'Azure Arc-enabled ML' },
    });
  });

  test('training only: no scoringFe keys, enableInference=False', () => {
    const p = settingsOf(doc('aks', { training: true }), facts('aks')).body.configurationSettings;
    expect(p.enableInference).toBe('False');
    expect(Object.keys(p).filter((k) => k.startsWith('scoringFe.'))).toEqual([]);
  });

  test('user values win for cluster_name (and what copies it), location, jobSchedulerLocation, cluster_name_friendly and the toggles', () => {
    const p = settingsOf(doc('arc', { training: true, settings: { cluster_name: 'factory-7', location: 'westeurope', cluster_name_friendly: 'Factory 7', 'relayserver.enabled': 'false', 'nginxIngress.enabled': true } }), facts('arc')).body.configurationSettings;
    expect(p).toMatchObject({
      cluster_name: 'factory-7', clusterId: 'factory-7', 'prometheus.prometheusSpec.externalLabels.cluster_name': 'factory-7',
      location: 'westeurope', jobSchedulerLocation: 'eastus', cluster_name_friendly: 'Factory 7', 'relayserver.enabled': 'false', 'nginxIngress.enabled': 'True',
    });
  });

  test('domain always comes from the cluster region (the CLI reads the misspelt "doamin")', () => {
    const replaced = settingsOf(doc('aks', { training: true, settings: { domain: 'example.com' } }), facts('aks'));
    expect(replaced.body.configurationSettings.domain).toBe('eastus.cloudapp.azure.com');
    expect(replaced.notes.join('\n')).toMatch(/domain "example.com" is replaced/);
    expect(settingsOf(doc('aks', { training: true, settings: { doamin: 'ml.example.com' } }), facts('aks')).body.configurationSettings.domain).toBe('ml.example.com');
  });

  test('router service types', () => {
    const nodePort = settingsOf(doc('arc', { inference: { routerServiceType: 'NodePort', tls: { insecure: true } } })).body.configurationSettings;
    expect(nodePort['scoringFe.serviceType.nodePort']).toBe('True');
    expect(nodePort['scoringFe.serviceType.internalLoadBalancer']).toBeUndefined();
    const ilb = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', internalLoadBalancer: true, tls: { insecure: true } } })).body.configurationSettings;
    expect(ilb).toMatchObject({ internalLoadBalancerProvider: 'azure', 'scoringFe.serviceType.internalLoadBalancer': 'True' });
    expect(ilb['scoringFe.serviceType.nodePort']).toBeUndefined();
    const both = settingsOf(doc('aks', { inference: { routerServiceType: 'NodePort', internalLoadBalancer: true, tls: { insecure: true } } })).body.configurationSettings;
    expect(both['scoringFe.serviceType.nodePort']).toBe('True');
    expect(both['scoringFe.serviceType.internalLoadBalancer']).toBeUndefined();
    const clusterIp = settingsOf(doc('aks', { inference: { routerServiceType: 'ClusterIP', tls: { insecure: true } } })).body.configurationSettings;
    expect(Object.keys(clusterIp).filter((k) => k.startsWith('scoringFe.'))).toEqual([]);
  });

  test('TLS from a secret: scoringFe.sslSecret, unless insecure connections are allowed', () => {
    const secret = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', tls: { cname: 'ml.contoso.com', secretName: 'ml-tls' } } })).body;
    expect(secret.configurationSettings).toMatchObject({ sslSecret: 'ml-tls', sslCname: 'ml.contoso.com', 'scoringFe.sslSecret': 'ml-tls' });
    expect(secret.configurationProtectedSettings).toStrictEqual({});
    const insecure = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', tls: { cname: 'ml.contoso.com', secretName: 'ml-tls' } }, settings: { allowInsecureConnections: 'True' } })).body;
    expect(insecure.configurationSettings['scoringFe.sslSecret']).toBeUndefined();
  });

  test('TLS from PEM files: the path keys stay protected and the base64 PEM is added', () => {
    const body = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', tls: { cname: 'ml.contoso.com', certFile: 'tls/c.pem', keyFile: 'tls/k.pem' } } })).body;
    expect(Object.keys(body.configurationProtectedSettings)).toEqual(['sslCertPemFile', 'sslKeyPemFile', 'scoringFe.sslCert', 'scoringFe.sslKey']);
    expect(body.configurationProtectedSettings.sslCertPemFile!.reveal()).toBe('tls/c.pem');
    expect(body.configurationProtectedSettings.sslKeyPemFile!.reveal()).toBe('tls/k.pem');
    expect(body.configurationProtectedSettings['scoringFe.sslCert']!.resolved).toBe(false);
    expect(body.configurationSettings.sslCertPemFile).toBeUndefined();
    expect(body.configurationSettings['scoringFe.sslSecret']).toBeUndefined();
    const env = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', tls: { cname: 'ml.contoso.com', certEnv: 'CERT', keyEnv: 'KEY' } } })).body;
    expect(env.configurationProtectedSettings.sslCertPemFile!.reveal()).toBe('env:CERT');
  });

  test('fewer than 3 nodes: HA off and DevTest unless set; the CLI does this even for training only', () => {
    const small = facts('aks', { nodeCount: 2 });
    const ext = settingsOf(doc('aks', insecureInference), small);
    expect(ext.body.configurationSettings).toMatchObject({ inferenceRouterHA: 'False', clusterPurpose: 'DevTest' });
    expect(ext.notes.join('\n')).toMatch(/2 node\(s\)/);
    expect(settingsOf(doc('aks', { training: true }), small).body.configurationSettings).toMatchObject({ inferenceRouterHA: 'False', clusterPurpose: 'DevTest' });
    const ha = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', highAvailability: true, tls: { insecure: true } } }), small).body.configurationSettings;
    expect(ha).toMatchObject({ inferenceRouterHA: 'True', clusterPurpose: 'DevTest' });
    const purpose = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', clusterPurpose: 'FastProd', tls: { insecure: true } } }), small).body.configurationSettings;
    expect(purpose).toMatchObject({ inferenceRouterHA: 'False', clusterPurpose: 'FastProd' });
    const big = settingsOf(doc('aks', insecureInference), facts('aks', { nodeCount: 3 })).body.configurationSettings;
    expect(big.inferenceRouterHA).toBeUndefined();
    expect(big.clusterPurpose).toBeUndefined();
  });

  test('OpenShift from the cluster facts or from the spec', () => {
    expect(settingsOf(doc('arc', { training: true }), facts('arc', { distribution: 'OpenShift' })).body.configurationSettings.openshift).toBe('True');
    expect(settingsOf(doc('arc', { training: true }, 'openshift')).body.configurationSettings.openshift).toBe('True');
    expect(settingsOf(doc('arc', { training: true }), facts('arc', { distribution: 'k3s' })).body.configurationSettings.openshift).toBeUndefined();
  });

  test('without cluster facts no location is invented', () => {
    const ext = settingsOf(doc('aks', { training: true, settings: { domain: 'example.com' } }));
    const p = ext.body.configurationSettings;
    expect(p.domain).toBeUndefined();
    expect(p.location).toBeUndefined();
    expect(p.jobSchedulerLocation).toBeUndefined();
    expect(p.cluster_name).toBe(AKS_ID);
    expect(ext.notes.join('\n')).toMatch(/region is not known/);
  });

  test('enableTraining/enableInference are never protected', () => {
    const body = settingsOf(doc('aks', { training: true, protectedSettings: { enableTraining: { env: 'X' } } })).body;
    expect(body.configurationProtectedSettings.enableTraining).toBeUndefined();
    expect(body.configurationSettings.enableTraining).toBe('True');
  });

  test('AKS migration', () => {
    const p = settingsOf(doc('aks', { inference: { routerServiceType: 'LoadBalancer', tls: { insecure: true } }, settings: { isAKSMigration: true } })).body.configurationSettings;
    expect(p).toMatchObject({ 'scoringFe.namespace': 'default', isAKSMigration: 'true' });
  });

  test('Arc with a bring-your-own relay connection string needs no relay; the CLI copies it', () => {
    const ext = settingsOf(doc('arc', { training: true, protectedSettings: { relayServerConnectionString: { env: 'RELAY' } } }), facts('arc'));
    expect(ext.relay).toBeUndefined();
    expect(Object.keys(ext.body.configurationProtectedSettings)).toEqual(['relayServerConnectionString', 'relayserver.relayConnectionString']);
    expect(settingsOf(doc('arc', { training: true, settings: { 'relayserver.enabled': false } })).relay).toBeUndefined();
  });

  test('Service Bus and Log Analytics requests are noted with the names the CLI would use', () => {
    const notes = settingsOf(doc('aks', { training: true, components: { logAnalytics: true }, settings: { 'servicebus.enabled': 'true' } })).notes.join('\n');
    expect(notes).toMatch(/Service Bus namespace \(aksmlpoc/);
    expect(notes).toMatch(/Log Analytics workspace \(aksmlpoc/);
  });
});
