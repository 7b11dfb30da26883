// Adds to the spec's settings what `az k8s-extension create` adds client-side for the AzureML
// extension (reference §3), so that our ARM PUT carries the configuration the CLI would send.
// Logic keys are read from the plain settings; protected settings are only checked for presence,
// because their values may not have been read (offline render).
import { KNOWN_SETTINGS, azureBool, settingEnumValue } from '../settings/catalog.ts';
import { boolSetting } from '../settings/from-spec.ts';
import type { ExtensionSettings } from '../settings/from-spec.ts';
import type { ClusterFacts } from '../model/facts.ts';
import type { ClusterPurpose, ClusterRef, SecretRef } from '../model/types.ts';

/** Where a protected value comes from. */
export type ProtectedSource =
  /** The content of the referenced file or variable. */
  | { kind: 'ref'; ref: SecretRef }
  /** base64 of the PEM text in the referenced file or variable (`scoringFe.sslCert`/`sslKey`). */
  | { kind: 'pem-base64'; ref: SecretRef; from: string }
  /** The reference itself: the CLI sends the PEM *paths* as `sslCertPemFile`/`sslKeyPemFile`. */
  | { kind: 'reference'; ref: SecretRef };

export interface CliSettingsInput {
  settings: ExtensionSettings;
  cluster: Pick<ClusterRef, 'type' | 'name'>;
  clusterId: string;
  facts?: ClusterFacts;
}

export interface CliSettings {
  plain: Record<string, string>;
  protected: Record<string, ProtectedSource>;
  /** Azure resources the CLI would create before installing. */
  needs: { relay: boolean; serviceBus: boolean; logAnalytics: boolean };
  notes: string[];
}

/** Keys whose value is a local file path the CLI reads (the PEM pair). */
const PEM_PATH_KEYS = KNOWN_SETTINGS.filter((s) => s.kind === 'path').map((s) => s.key);

/** The CLI copies a key's value to other keys that are not set (its `_dereference`). */
const REFERENCES: Readonly<Record<string, readonly string[]>> = {
  relayServerConnectionString: ['relayserver.relayConnectionString'],
  serviceBusConnectionString: ['servicebus.connectionString'],
  cluster_name: ['clusterId', 'prometheus.prometheusSpec.externalLabels.cluster_name'],
};

export function dereference<T>(map: Record<string, T>): void {
  for (const [source, targets] of Object.entries(REFERENCES)) {
    if (!Object.hasOwn(map, source)) continue;
    for (const target of targets) if (!Object.hasOwn(map, target)) map[target] = map[source]!;
  }
}

function setDefault(map: Record<string, string>, key: string, value: string): void {
  if (!Object.hasOwn(map, key)) map[key] = value;
}

interface Maps {
  plain: Record<string, string>;
  prot: Record<string, ProtectedSource>;
  notes: string[];
}

const isSet = ({ plain, prot }: Maps, key: string): boolean => Object.hasOwn(plain, key) || Object.hasOwn(prot, key);

/** Router service type and TLS keys of the inference front end (`scoringFe.*`). */
function addScoringFrontEnd({ plain, prot, notes }: Maps, pem: { cert?: SecretRef; key?: SecretRef }): void {
  if (azureBool(plain.isAKSMigration)) {
    plain['scoringFe.namespace'] = 'default';
    plain.isAKSMigration = 'true';
  }
  if (settingEnumValue('inferenceRouterServiceType', plain.inferenceRouterServiceType) === 'NodePort') plain['scoringFe.serviceType.nodePort'] = boolSetting(true);
  else if (settingEnumValue('internalLoadBalancerProvider', plain.internalLoadBalancerProvider) === 'azure') plain['scoringFe.serviceType.internalLoadBalancer'] = boolSetting(true);

  if (azureBool(plain.allowInsecureConnections)) return;
  if (pem.cert && pem.key) {
    prot['scoringFe.sslCert'] = { kind: 'pem-base64', ref: pem.cert, from: 'sslCertPemFile' };
    prot['scoringFe.sslKey'] = { kind: 'pem-base64', ref: pem.key, from: 'sslKeyPemFile' };
  } else if (plain.sslSecret !== undefined) {
    plain['scoringFe.sslSecret'] = plain.sslSecret;
  } else if (Object.hasOwn(prot, 'sslSecret')) {
    notes.push('sslSecret is a protected setting; the az CLI would copy its value into the plain setting scoringFe.sslSecret. Give the secret name as `tls.secretName` instead (it is not secret material).');
  }
}

/** What the CLI derives from the size and distribution of the cluster resource it reads. */
function addClusterShape(maps: Maps, facts: ClusterFacts | undefined, inference: boolean): void {
  const { plain, notes } = maps;
  // Small clusters cannot run three router replicas; the CLI turns HA off unless told otherwise.
  if (facts?.nodeCount !== undefined && facts.nodeCount < 3) {
    const added: string[] = [];
    if (!isSet(maps, 'clusterPurpose')) {
      plain.clusterPurpose = 'DevTest' satisfies ClusterPurpose;
      added.push('clusterPurpose=DevTest');
    }
    if (!isSet(maps, 'inferenceRouterHA')) {
      plain.inferenceRouterHA = boolSetting(false);
      added.push('inferenceRouterHA=False');
    }
    if (added.length > 0) notes.push(`The cluster has ${facts.nodeCount} node(s), fewer than 3: set ${added.join(' and ')} as az k8s-extension create does.`);
  } else if (inference && facts?.nodeCount === undefined && !isSet(maps, 'inferenceRouterHA')) {
    notes.push('The node count is not known here. On a cluster with fewer than 3 nodes aml-k8s sets inferenceRouterHA=False and clusterPurpose=DevTest at apply time, as az k8s-extension create does.');
  }

  if (facts?.distribution?.toLowerCase() === 'openshift' && !azureBool(plain.openshift)) {
    if (plain.openshift !== undefined) notes.push(`Azure reports the cluster as OpenShift, so openshift=True replaces the given "${plain.openshift}", as az k8s-extension create does.`);
    plain.openshift = boolSetting(true);
  }
}

/** Region-derived keys; without facts the region is unknown and they are left out, not guessed. */
function addRegion({ plain, notes }: Maps, facts: ClusterFacts | undefined): void {
  const location = facts?.location?.toLowerCase();
  // The CLI reads the misspelt key `doamin`, so a user-set `domain` is always replaced.
  const domain = plain.doamin ?? (location ? `${location}.cloudapp.azure.com` : undefined);
  if (domain !== undefined) {
    if (plain.domain !== undefined && plain.domain !== domain) notes.push(`domain "${plain.domain}" is replaced by "${domain}", as az k8s-extension create does.`);
    plain.domain = domain;
  } else {
    delete plain.domain;
  }
  if (location !== undefined) {
    setDefault(plain, 'location', location);
    setDefault(plain, 'jobSchedulerLocation', location);
  } else {
    const missing = ['domain', 'location', 'jobSchedulerLocation'].filter((k) => !Object.hasOwn(plain, k));
    if (missing.length > 0) notes.push(`The cluster's region is not known here (no cluster facts), so ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} left out; they are derived from the cluster's location at apply time.`);
  }
}

export function cliSettings({ settings, cluster, clusterId, facts }: CliSettingsInput): CliSettings {
  const maps: Maps = { plain: { ...settings.plain }, prot: {}, notes: [] };
  const { plain, prot } = maps;
  for (const [key, ref] of Object.entries(settings.protected)) {
    prot[key] = { kind: PEM_PATH_KEYS.includes(key) ? 'reference' : 'ref', ref };
  }

  // The CLI always sends enableTraining/enableInference as plain settings.
  const inference = azureBool(plain.enableInference) || Object.hasOwn(prot, 'enableInference');
  delete prot.enableTraining;
  delete prot.enableInference;
  if (inference) addScoringFrontEnd(maps, { cert: settings.protected.sslCertPemFile, key: settings.protected.sslKeyPemFile });

  addClusterShape(maps, facts, inference);
  setDefault(plain, 'cluster_name', clusterId);
  addRegion(maps, facts);
  setDefault(plain, 'cluster_name_friendly', cluster.name);
  setDefault(plain, 'servicebus.enabled', 'false');
  setDefault(plain, 'relayserver.enabled', cluster.type === 'aks' ? 'false' : 'true');
  setDefault(plain, 'nginxIngress.enabled', cluster.type === 'aks' ? 'true' : 'false');

  const needs = {
    logAnalytics: azureBool(plain.logAnalyticsWS) && !isSet(maps, 'azure_log_analytics.connection_string'),
    relay: plain['relayserver.enabled']!.toLowerCase() !== 'false' && !isSet(maps, 'relayServerConnectionString'),
    serviceBus: plain['servicebus.enabled']!.toLowerCase() !== 'false' && !isSet(maps, 'serviceBusConnectionString'),
  };

  dereference(plain);
  dereference(prot);
  return { plain, protected: prot, needs, notes: maps.notes };
}
