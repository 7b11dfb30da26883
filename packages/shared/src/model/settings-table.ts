// The one table of the AzureML extension's configuration settings: every key aml-k8s knows, the
// spec field(s) that produce it, how Azure reads it, and where it may go. Everything else about
// the mapping is derived from these rows: the spec → settings walk (settings/from-spec.ts) and its
// inverse (settings/to-spec.ts), the catalog views (settings/catalog.ts), the enum types of the spec
// (model/types.ts) and the schema's `x-setting` and `enum` (model/schema.ts), the validate rules'
// enum checks, the inference-only keys, and the settings tables of docs/spec.md (`npm run docs`).
// It lives in model/ because the spec's types and schema derive from it, and model/ imports only
// itself. Source: the reference's §1 (keys, values, defaults, P/S, scenario) and §3 (derived keys).

/** How Azure reads a value: `bool` is true only for "true" in any case. */
export type SettingKind = 'bool' | 'string' | 'enum' | 'path' | 'connection-string';

/** Who gives a key: a user (read by the az CLI or the extension), a Helm value passed through, or derived like `az k8s-extension create` does. */
export type SettingOrigin = 'user' | 'helm' | 'derived';

/** One value of an `enum` setting. */
export interface SettingValue {
  /** The canonical spelling: the spec's enum value and what aml-k8s writes. */
  readonly value: string;
  /** Azure's documented spelling, when it differs from `value`. */
  readonly azure?: string;
}

/** How a spec field becomes the setting's value. */
export type SpecSource =
  /** A boolean field: `True`/`False` whenever the field is given. */
  | { readonly path: string; readonly as: 'bool' }
  /** The field's value as written: any given value of an `enum` field, a string of a `string` field. */
  | { readonly path: string; readonly as: 'value' }
  /** A protected setting referring to the secret material: a file (`{ file }`) or an environment variable (`{ env }`). */
  | { readonly path: string; readonly as: 'file' | 'env' }
  /** A map of labels: each label becomes `<prefix><label>` with the label's value. */
  | { readonly path: string; readonly as: 'labels' }
  /** The fixed `value` when the field is a mapping, is `true`, or equals a string (in any case). */
  | { readonly path: string; readonly as: 'fixed'; readonly when: 'mapping' | true | { readonly equals: string }; readonly value: string };

export interface SettingRow {
  /** The Azure key, case-sensitive (the az CLI looks keys up exactly as written). A family shows its placeholder, e.g. `nodeSelector.<label>`. */
  readonly key: string;
  /** A family of keys: every key that starts with this prefix. */
  readonly prefix?: string;
  readonly kind: SettingKind;
  /** The typed spec fields that produce the key (dotted from the document root), in the order they are read. */
  readonly spec?: readonly SpecSource[];
  /** `enum`: the allowed values. Azure compares them case-insensitively unless `caseSensitive`. */
  readonly values?: readonly SettingValue[];
  readonly caseSensitive?: boolean;
  /** What Azure assumes when the key is absent; a key dropped from the spec is compared with it instead of being left behind. */
  readonly default?: string;
  /** Where Azure accepts it: plain (`configurationSettings`), protected (`configurationProtectedSettings`), or either. */
  readonly where: 'plain' | 'protected' | 'either';
  /** Secret material, or a reference to it: never a plain setting, never printed. */
  readonly secret?: boolean;
  /** Only read while inference is on: harmless (and ignored) when inference is off. */
  readonly inferenceOnly?: boolean;
  readonly origin: SettingOrigin;
  readonly summary: string;
}

const S = 'spec.extension';
const I = 'spec.extension.inference';
const T = 'spec.extension.inference.tls';
const C = 'spec.extension.components';

export const SETTINGS_TABLE = [
  // Keys the typed spec fields produce, in the order settingsFromSpec writes them.
  { key: 'enableTraining', kind: 'bool', spec: [{ path: `${S}.training`, as: 'bool' }], default: 'False', where: 'either', origin: 'user', summary: 'Run training jobs on the cluster. At least one of training and inference must be on.' },
  { key: 'enableInference', kind: 'bool', spec: [{ path: `${S}.inference`, as: 'fixed', when: 'mapping', value: 'True' }], default: 'False', where: 'either', origin: 'user', summary: 'Serve online endpoints from the cluster.' },
  {
    key: 'inferenceRouterServiceType', kind: 'enum', spec: [{ path: `${I}.routerServiceType`, as: 'value' }],
    values: [{ value: 'LoadBalancer', azure: 'loadBalancer' }, { value: 'NodePort', azure: 'nodePort' }, { value: 'ClusterIP', azure: 'clusterIP' }],
    where: 'plain', inferenceOnly: true, origin: 'user', summary: 'Kubernetes service type of the inference router (azureml-fe); required with inference.',
  },
  {
    key: 'internalLoadBalancerProvider', kind: 'enum', spec: [{ path: `${I}.internalLoadBalancer`, as: 'fixed', when: true, value: 'azure' }], values: [{ value: 'azure' }],
    where: 'plain', inferenceOnly: true, origin: 'user', summary: 'Put the router behind an Azure internal load balancer (AKS only; not with NodePort).',
  },
  { key: 'inferenceRouterHA', kind: 'bool', spec: [{ path: `${I}.highAvailability`, as: 'bool' }], default: 'True', where: 'plain', inferenceOnly: true, origin: 'user', summary: 'Three router replicas (needs at least three nodes; turned off on smaller clusters when unset).' },
  { key: 'clusterPurpose', kind: 'enum', spec: [{ path: `${I}.clusterPurpose`, as: 'value' }], values: [{ value: 'DevTest' }, { value: 'FastProd' }], caseSensitive: true, where: 'plain', inferenceOnly: true, origin: 'user', summary: 'Sizing profile of the inference components.' },
  { key: 'sslCname', kind: 'string', spec: [{ path: `${T}.cname`, as: 'value' }], where: 'plain', inferenceOnly: true, origin: 'user', summary: 'Host name the TLS certificate is issued for; required with TLS.' },
  { key: 'sslSecret', kind: 'string', spec: [{ path: `${T}.secretName`, as: 'value' }], where: 'either', inferenceOnly: true, origin: 'user', summary: 'Name of a Secret in the azureml namespace holding cert.pem and key.pem.' },
  {
    key: 'sslCertPemFile', kind: 'path', spec: [{ path: `${T}.certFile`, as: 'file' }, { path: `${T}.certEnv`, as: 'env' }],
    where: 'protected', secret: true, inferenceOnly: true, origin: 'user', summary: 'PEM certificate; read and sent as a protected setting, with its text as scoringFe.sslCert.',
  },
  {
    key: 'sslKeyPemFile', kind: 'path', spec: [{ path: `${T}.keyFile`, as: 'file' }, { path: `${T}.keyEnv`, as: 'env' }],
    where: 'protected', secret: true, inferenceOnly: true, origin: 'user', summary: 'PEM private key without passphrase; read and sent as a protected setting, with its text as scoringFe.sslKey.',
  },
  { key: 'allowInsecureConnections', kind: 'bool', spec: [{ path: `${T}.insecure`, as: 'fixed', when: true, value: 'True' }], default: 'False', where: 'plain', inferenceOnly: true, origin: 'user', summary: 'Allow HTTP scoring endpoints without TLS.' },
  { key: 'nodeSelector.<label>', prefix: 'nodeSelector.', kind: 'string', spec: [{ path: `${S}.nodeSelector`, as: 'labels' }], where: 'plain', origin: 'user', summary: 'Pins the extension and every workload to nodes with this label.' },
  { key: 'installNvidiaDevicePlugin', kind: 'bool', spec: [{ path: `${C}.nvidiaDevicePlugin`, as: 'bool' }], default: 'False', where: 'plain', origin: 'user', summary: 'Install the NVIDIA device plugin DaemonSet.' },
  { key: 'installDcgmExporter', kind: 'bool', spec: [{ path: `${C}.dcgmExporter`, as: 'bool' }], default: 'False', where: 'plain', origin: 'user', summary: 'Install the NVIDIA DCGM exporter for GPU metrics.' },
  { key: 'installPromOp', kind: 'bool', spec: [{ path: `${C}.prometheusOperator`, as: 'bool' }], default: 'True', where: 'plain', origin: 'user', summary: 'Install the Prometheus operator (false reuses an existing one).' },
  { key: 'installVolcano', kind: 'bool', spec: [{ path: `${C}.volcano`, as: 'bool' }], default: 'True', where: 'plain', origin: 'user', summary: 'Install the Volcano scheduler (false reuses an existing one).' },
  { key: 'logAnalyticsWS', kind: 'bool', spec: [{ path: `${C}.logAnalytics`, as: 'bool' }], default: 'False', where: 'plain', origin: 'user', summary: 'Send logs to a Log Analytics workspace the CLI creates.' },
  { key: 'openshift', kind: 'bool', spec: [{ path: 'spec.cluster.distribution', as: 'fixed', when: { equals: 'openshift' }, value: 'True' }], where: 'plain', origin: 'user', summary: 'The cluster is OpenShift (also set when Azure reports OpenShift).' },

  // Keys without a typed field: raw `settings` / `protectedSettings`.
  { key: 'isAKSMigration', kind: 'bool', where: 'plain', inferenceOnly: true, origin: 'user', summary: 'Migrating from the AKS v1 inference setup.' },
  { key: 'relayServerConnectionString', kind: 'connection-string', where: 'either', secret: true, origin: 'user', summary: 'Bring-your-own Azure Relay connection string.' },
  { key: 'serviceBusConnectionString', kind: 'connection-string', where: 'either', secret: true, origin: 'user', summary: 'Bring-your-own Service Bus connection string.' },
  { key: 'relayserver.enabled', kind: 'bool', where: 'plain', origin: 'user', summary: 'Deploy the relay server (Arc).' },
  { key: 'servicebus.enabled', kind: 'bool', where: 'plain', origin: 'user', summary: 'Use Azure Service Bus.' },
  { key: 'nginxIngress.enabled', kind: 'bool', where: 'plain', origin: 'user', summary: 'Deploy the bundled ingress-nginx.' },
  { key: 'cluster_name', kind: 'string', where: 'plain', origin: 'user', summary: 'Cluster identity reported by the extension (defaults to the cluster resource ID).' },
  { key: 'clusterId', kind: 'string', where: 'plain', origin: 'user', summary: 'Cluster identity (defaults to cluster_name).' },
  { key: 'location', kind: 'string', where: 'plain', origin: 'user', summary: 'Region of the cluster (defaults to the cluster location).' },
  { key: 'jobSchedulerLocation', kind: 'string', where: 'plain', origin: 'user', summary: 'Region of the job scheduler (defaults to the cluster location).' },
  { key: 'cluster_name_friendly', kind: 'string', where: 'plain', origin: 'user', summary: 'Display name of the cluster.' },
  // Helm values that the CLI passes through untouched.
  { key: 'volcanoScheduler.enable', kind: 'bool', where: 'plain', origin: 'helm', summary: 'Enable the Volcano sub-chart.' },
  { key: 'volcanoScheduler.schedulerConfigMap', kind: 'string', where: 'plain', origin: 'helm', summary: 'ConfigMap with a custom Volcano scheduler configuration.' },
  { key: 'amloperator.skipResourceValidation', kind: 'bool', where: 'plain', origin: 'helm', summary: 'Skip the operator\'s resource check (cluster autoscaler with a reused Volcano).' },
  { key: 'amloperator.custom_ip_interface_enabled', kind: 'bool', where: 'plain', origin: 'helm', summary: 'Use a custom network interface for job pods.' },
  { key: 'amloperator.custom_ip_interface', kind: 'string', where: 'plain', origin: 'helm', summary: 'Name of the custom network interface.' },
  { key: 'nginxIngress.controller', kind: 'string', where: 'plain', origin: 'helm', summary: 'Ingress class controller name (for a second nginx on the cluster).' },
  { key: 'nginxIngress.controllerConfig.worker-processes', kind: 'string', where: 'plain', origin: 'helm', summary: 'nginx worker processes.' },
  { key: 'nginxIngress.resources.controller.limits.memory', kind: 'string', where: 'plain', origin: 'helm', summary: 'nginx controller memory limit.' },
  { key: 'enable_https', kind: 'bool', where: 'plain', origin: 'helm', summary: 'HTTPS of the router chart.' },
  { key: 'blobCsiDriverEnabled', kind: 'bool', where: 'plain', origin: 'helm', summary: 'Install the blob CSI driver.' },

  // Keys aml-k8s derives itself, as `az k8s-extension create` does (reference §3); users should not set them by hand.
  { key: 'domain', kind: 'string', where: 'plain', origin: 'derived', summary: 'The cloudapp.azure.com domain of the cluster\'s region.' },
  { key: 'prometheus.prometheusSpec.externalLabels.cluster_name', kind: 'string', where: 'plain', origin: 'derived', summary: 'Copy of cluster_name for Prometheus.' },
  { key: 'scoringFe.serviceType.nodePort', kind: 'bool', where: 'plain', inferenceOnly: true, origin: 'derived', summary: 'True with a NodePort router.' },
  { key: 'scoringFe.serviceType.internalLoadBalancer', kind: 'bool', where: 'plain', inferenceOnly: true, origin: 'derived', summary: 'True with an internal load balancer (and not NodePort).' },
  { key: 'scoringFe.sslSecret', kind: 'string', where: 'plain', inferenceOnly: true, origin: 'derived', summary: 'Copy of sslSecret.' },
  { key: 'scoringFe.sslCert', kind: 'string', where: 'protected', secret: true, inferenceOnly: true, origin: 'derived', summary: 'base64 of the PEM certificate.' },
  { key: 'scoringFe.sslKey', kind: 'string', where: 'protected', secret: true, inferenceOnly: true, origin: 'derived', summary: 'base64 of the PEM private key.' },
  { key: 'scoringFe.namespace', kind: 'string', where: 'plain', inferenceOnly: true, origin: 'derived', summary: '`default` with isAKSMigration.' },
  { key: 'scoringFe.<key>', prefix: 'scoringFe.', kind: 'string', where: 'plain', inferenceOnly: true, origin: 'derived', summary: 'Any other value of the inference front end.' },
  { key: 'relayserver.relayConnectionString', kind: 'connection-string', where: 'protected', secret: true, origin: 'derived', summary: 'Connection string of the Relay created for an Arc cluster.' },
  { key: 'relayserver.hybridConnectionResourceID', kind: 'string', where: 'plain', origin: 'derived', summary: 'Resource ID of the Relay hybrid connection.' },
  { key: 'relayserver.hybridConnectionName', kind: 'string', where: 'plain', origin: 'derived', summary: 'Name of the Relay hybrid connection.' },
  { key: 'azure_log_analytics.enabled', kind: 'bool', where: 'plain', origin: 'derived', summary: 'True with logAnalyticsWS.' },
  { key: 'azure_log_analytics.customer_id', kind: 'string', where: 'plain', origin: 'derived', summary: 'Log Analytics workspace ID.' },
  { key: 'azure_log_analytics.connection_string', kind: 'connection-string', where: 'protected', secret: true, origin: 'derived', summary: 'Log Analytics shared key.' },
] as const satisfies readonly SettingRow[];

type Row = (typeof SETTINGS_TABLE)[number];
/** Keys of the `enum` rows. */
export type EnumSettingKey = Extract<Row, { kind: 'enum' }>['key'];
type ValuesOf<K extends EnumSettingKey> = Extract<Row, { key: K }>['values'];
type CanonicalOf<V> = { readonly [N in keyof V]: V[N] extends { value: infer S } ? S : never };
/** The canonical values of an enum setting, as a tuple type: `SettingEnumValues<'clusterPurpose'>` is `readonly ['DevTest', 'FastProd']`. */
export type SettingEnumValues<K extends EnumSettingKey> = CanonicalOf<ValuesOf<K>>;
/** One canonical value of an enum setting: `SettingEnumValue<'inferenceRouterServiceType'>` is `'LoadBalancer' | 'NodePort' | 'ClusterIP'`. */
export type SettingEnumValue<K extends EnumSettingKey> = SettingEnumValues<K>[number];

const rows: readonly SettingRow[] = SETTINGS_TABLE;
const byKey = new Map(rows.filter((r) => r.prefix === undefined).map((r) => [r.key, r]));
const families = rows.filter((r) => r.prefix !== undefined);

/** The row of a key: its own, else the family its prefix belongs to (`nodeSelector.pool`). */
export function settingRow(key: string): SettingRow | undefined {
  return byKey.get(key) ?? families.find((r) => key.startsWith(r.prefix!) && key.length > r.prefix!.length);
}

function enumRow(key: EnumSettingKey): SettingRow {
  return byKey.get(key)!;
}

/** The canonical values of an enum setting, in the table's order. */
export function settingEnumValues<K extends EnumSettingKey>(key: K): SettingEnumValues<K> {
  return enumRow(key).values!.map((v) => v.value) as unknown as SettingEnumValues<K>;
}

/** The canonical value Azure reads a raw value of an enum setting as (any case unless the key is case-sensitive), or undefined when Azure rejects or ignores it. */
export function settingEnumValue<K extends EnumSettingKey>(key: K, raw: string | undefined): SettingEnumValue<K> | undefined {
  if (raw === undefined) return undefined;
  const row = enumRow(key);
  const fold = (s: string): string => (row.caseSensitive ? s : s.toLowerCase());
  const hit = row.values!.find((v) => fold(v.value) === fold(raw) || (v.azure !== undefined && fold(v.azure) === fold(raw)));
  return hit?.value as SettingEnumValue<K> | undefined;
}

/** The values of an enum setting as Azure's documentation spells them. */
export function settingAzureValues(key: EnumSettingKey): string[] {
  return enumRow(key).values!.map((v) => v.azure ?? v.value);
}

/** `inferenceRouterServiceType`: the router's Kubernetes service type, as the spec spells it (Azure accepts any case). */
export const ROUTER_SERVICE_TYPES = settingEnumValues('inferenceRouterServiceType');
/** `clusterPurpose`: the sizing profile (case-sensitive). */
export const CLUSTER_PURPOSES = settingEnumValues('clusterPurpose');

/** Keys only read while inference is on (families included: `scoringFe.*`). */
export function isInferenceOnlyKey(key: string): boolean {
  return settingRow(key)?.inferenceOnly === true;
}

/** The inference-only keys that are not families, in table order. */
export const INFERENCE_ONLY_KEYS: readonly string[] = rows.filter((r) => r.inferenceOnly && r.prefix === undefined).map((r) => r.key);

/** The row whose spec sources include a field (dotted from the document root). */
export function settingOfSpecField(path: string): SettingRow | undefined {
  return rows.find((r) => r.spec?.some((s) => s.path === path));
}
