// Every configuration key the Microsoft.AzureML.Kubernetes extension is known to read, with how
// Azure interprets it. Keys are case-sensitive: the az CLI looks them up exactly as written.

export type SettingKind = 'bool' | 'string' | 'enum' | 'path' | 'connection-string';

export interface KnownSetting {
  key: string;
  kind: SettingKind;
  /** Allowed values for `enum`, compared case-insensitively unless `caseSensitive`. */
  values?: readonly string[];
  caseSensitive?: boolean;
  /** Where Azure accepts it: plain (P), protected (S), or either. */
  where: 'plain' | 'protected' | 'either';
  /** The typed spec field that produces this key, if any. */
  specField?: string;
  summary: string;
}

export const KNOWN_SETTINGS: readonly KnownSetting[] = [
  { key: 'enableTraining', kind: 'bool', where: 'either', specField: 'spec.extension.training', summary: 'Run training jobs on the cluster.' },
  { key: 'enableInference', kind: 'bool', where: 'either', specField: 'spec.extension.inference', summary: 'Serve online endpoints from the cluster.' },
  { key: 'inferenceRouterServiceType', kind: 'enum', values: ['loadBalancer', 'nodePort', 'clusterIP'], where: 'plain', specField: 'spec.extension.inference.routerServiceType', summary: 'Kubernetes service type of the inference router (azureml-fe).' },
  { key: 'internalLoadBalancerProvider', kind: 'enum', values: ['azure'], where: 'plain', specField: 'spec.extension.inference.internalLoadBalancer', summary: 'Put the router behind an Azure internal load balancer (AKS only).' },
  { key: 'allowInsecureConnections', kind: 'bool', where: 'plain', specField: 'spec.extension.inference.tls.insecure', summary: 'Allow HTTP scoring endpoints without TLS.' },
  { key: 'sslSecret', kind: 'string', where: 'either', specField: 'spec.extension.inference.tls.secretName', summary: 'Name of a Secret in the azureml namespace holding cert.pem and key.pem.' },
  { key: 'sslCname', kind: 'string', where: 'plain', specField: 'spec.extension.inference.tls.cname', summary: 'Host name the TLS certificate is issued for.' },
  { key: 'sslCertPemFile', kind: 'path', where: 'protected', specField: 'spec.extension.inference.tls.certFile', summary: 'PEM certificate file; read and sent as a protected setting.' },
  { key: 'sslKeyPemFile', kind: 'path', where: 'protected', specField: 'spec.extension.inference.tls.keyFile', summary: 'PEM private key file (no passphrase); read and sent as a protected setting.' },
  { key: 'inferenceRouterHA', kind: 'bool', where: 'plain', specField: 'spec.extension.inference.highAvailability', summary: 'Three router replicas (needs at least three nodes).' },
  { key: 'installNvidiaDevicePlugin', kind: 'bool', where: 'plain', specField: 'spec.extension.components.nvidiaDevicePlugin', summary: 'Install the NVIDIA device plugin DaemonSet.' },
  { key: 'installPromOp', kind: 'bool', where: 'plain', specField: 'spec.extension.components.prometheusOperator', summary: 'Install the Prometheus operator (false reuses an existing one).' },
  { key: 'installVolcano', kind: 'bool', where: 'plain', specField: 'spec.extension.components.volcano', summary: 'Install the Volcano scheduler (false reuses an existing one).' },
  { key: 'installDcgmExporter', kind: 'bool', where: 'plain', specField: 'spec.extension.components.dcgmExporter', summary: 'Install the NVIDIA DCGM exporter for GPU metrics.' },
  { key: 'logAnalyticsWS', kind: 'bool', where: 'plain', specField: 'spec.extension.components.logAnalytics', summary: 'Send logs to a Log Analytics workspace the CLI creates.' },
  { key: 'openshift', kind: 'bool', where: 'plain', specField: 'spec.cluster.distribution', summary: 'The cluster is OpenShift.' },
  { key: 'clusterPurpose', kind: 'enum', values: ['DevTest', 'FastProd'], caseSensitive: true, where: 'plain', specField: 'spec.extension.inference.clusterPurpose', summary: 'Sizing profile of the inference components.' },
  { key: 'isAKSMigration', kind: 'bool', where: 'plain', summary: 'Migrating from the AKS v1 inference setup.' },
  { key: 'relayServerConnectionString', kind: 'connection-string', where: 'either', summary: 'Bring-your-own Azure Relay connection string.' },
  { key: 'serviceBusConnectionString', kind: 'connection-string', where: 'either', summary: 'Bring-your-own Service Bus connection string.' },
  { key: 'relayserver.enabled', kind: 'bool', where: 'plain', summary: 'Deploy the relay server (Arc).' },
  { key: 'servicebus.enabled', kind: 'bool', where: 'plain', summary: 'Use Azure Service Bus.' },
  { key: 'nginxIngress.enabled', kind: 'bool', where: 'plain', summary: 'Deploy the bundled ingress-nginx.' },
  { key: 'cluster_name', kind: 'string', where: 'plain', summary: 'Cluster identity reported by the extension (defaults to the cluster resource ID).' },
  { key: 'clusterId', kind: 'string', where: 'plain', summary: 'Cluster identity (defaults to cluster_name).' },
  { key: 'location', kind: 'string', where: 'plain', summary: 'Region of the cluster (defaults to the cluster location).' },
  { key: 'jobSchedulerLocation', kind: 'string', where: 'plain', summary: 'Region of the job scheduler (defaults to the cluster location).' },
  { key: 'cluster_name_friendly', kind: 'string', where: 'plain', summary: 'Display name of the cluster.' },
  // Helm values that the CLI passes through untouched.
  { key: 'volcanoScheduler.enable', kind: 'bool', where: 'plain', summary: 'Helm value of the Volcano sub-chart.' },
  { key: 'volcanoScheduler.schedulerConfigMap', kind: 'string', where: 'plain', summary: 'ConfigMap with a custom Volcano scheduler configuration.' },
  { key: 'amloperator.skipResourceValidation', kind: 'bool', where: 'plain', summary: 'Skip the operator\'s resource check (cluster autoscaler with a reused Volcano).' },
  { key: 'amloperator.custom_ip_interface_enabled', kind: 'bool', where: 'plain', summary: 'Use a custom network interface for job pods.' },
  { key: 'amloperator.custom_ip_interface', kind: 'string', where: 'plain', summary: 'Name of the custom network interface.' },
  { key: 'nginxIngress.controller', kind: 'string', where: 'plain', summary: 'Ingress class controller name (for a second nginx on the cluster).' },
  { key: 'nginxIngress.controllerConfig.worker-processes', kind: 'string', where: 'plain', summary: 'nginx worker processes.' },
  { key: 'nginxIngress.resources.controller.limits.memory', kind: 'string', where: 'plain', summary: 'nginx controller memory limit.' },
  { key: 'enable_https', kind: 'bool', where: 'plain', summary: 'Helm value of the router chart.' },
  { key: 'blobCsiDriverEnabled', kind: 'bool', where: 'plain', summary: 'Install the blob CSI driver.' },
];

/** Keys set by aml-k8s (or the az CLI) itself; users should not set them by hand. */
export const INJECTED_KEYS: readonly string[] = [
  'domain',
  'prometheus.prometheusSpec.externalLabels.cluster_name',
  'scoringFe.serviceType.nodePort',
  'scoringFe.serviceType.internalLoadBalancer',
  'scoringFe.sslSecret',
  'scoringFe.sslCert',
  'scoringFe.sslKey',
  'scoringFe.namespace',
  'relayserver.relayConnectionString',
  'relayserver.hybridConnectionResourceID',
  'relayserver.hybridConnectionName',
  'azure_log_analytics.enabled',
  'azure_log_analytics.customer_id',
  'azure_log_analytics.connection_string',
];

export interface LegacySetting {
  key: string;
  /** What to write instead. */
  replacement: string;
  /** How the current az CLI treats the legacy key. */
  effect: string;
}

export const LEGACY_SETTINGS: readonly LegacySetting[] = [
  { key: 'inferenceLoadBalancerHA', replacement: 'inferenceRouterHA', effect: 'ignored since k8s-extension 1.2.2' },
  { key: 'inferenceLoadbalancerHA', replacement: 'inferenceRouterHA', effect: 'ignored since k8s-extension 1.2.2' },
  { key: 'privateEndpointNodeport', replacement: 'inferenceRouterServiceType=NodePort', effect: 'renamed in k8s-extension 1.2.0; no longer read' },
  { key: 'privateEndpointILB', replacement: 'internalLoadBalancerProvider=azure', effect: 'renamed in k8s-extension 1.2.0; no longer read' },
  { key: 'RelayConnectionString', replacement: 'relayServerConnectionString', effect: 'removed' },
  { key: 'reuseExistingPromOp', replacement: 'installPromOp=false (inverse meaning)', effect: 'no longer read' },
  { key: 'sslCertKeyFile', replacement: 'sslKeyPemFile', effect: 'a documentation typo: ignored, so TLS stays off' },
  { key: 'ssKeyPMFile', replacement: 'sslKeyPemFile', effect: 'a documentation typo: ignored, so TLS stays off' },
  { key: 'installBlobCSIDriver', replacement: 'blobCsiDriverEnabled', effect: 'a portal name; not read by the extension' },
  { key: 'installPrometheusOperator', replacement: 'installPromOp', effect: 'a portal name; not read by the extension' },
  { key: 'installVolcanoScheduler', replacement: 'installVolcano', effect: 'a portal name; not read by the extension' },
  { key: 'internalLbProvider', replacement: 'internalLoadBalancerProvider', effect: 'a portal name; not read by the extension' },
  { key: 'sslSecretName', replacement: 'sslSecret', effect: 'a portal name; not read by the extension' },
];

const byKey = new Map(KNOWN_SETTINGS.map((s) => [s.key, s]));
const legacyByKey = new Map(LEGACY_SETTINGS.map((s) => [s.key, s]));

export function knownSetting(key: string): KnownSetting | undefined {
  return byKey.get(key);
}

export function legacySetting(key: string): LegacySetting | undefined {
  return legacyByKey.get(key);
}

export function isNodeSelectorKey(key: string): boolean {
  return key.startsWith('nodeSelector.') && key.length > 'nodeSelector.'.length;
}

/** Azure's reading of a boolean setting: only a case-insensitive "true" is true. */
export function azureBool(value: string | undefined): boolean {
  return String(value ?? '').toLowerCase() === 'true';
}

/** A value Azure would read as an intended boolean (true/false in any case). */
export function isCleanBool(value: string): boolean {
  const v = value.toLowerCase();
  return v === 'true' || v === 'false';
}

/** Keys whose values are secret material or references to it. */
export const SECRET_KEYS: readonly string[] = [
  'sslCertPemFile',
  'sslKeyPemFile',
  'scoringFe.sslCert',
  'scoringFe.sslKey',
  'relayServerConnectionString',
  'serviceBusConnectionString',
  'relayserver.relayConnectionString',
  'azure_log_analytics.connection_string',
];
