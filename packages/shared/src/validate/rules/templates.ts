// Rules for extensions and computes declared in Terraform, ARM/REST JSON, Bicep and az ml YAML:
// these reach Azure without the az CLI, so nothing fills in what `az k8s-extension create` computes
// client-side (reference §3) and nothing rejects what it would refuse.
import { PLAIN_PATH, PROTECTED_PATH, computeTypeOf, extensionTypeOf, foundSettings, isAzureMlExtension, isCompute, isExtension, settingValue } from '../../formats/extension-settings.ts';
import type { SettingsMap } from '../../formats/extension-settings.ts';
import { AMLK_CONFIG_SYNTAX, AMLK_LEGACY_AZML_SCHEMA, AMLK_NOT_CHECKED } from '../../formats/codes.ts';
import { AZUREML_EXTENSION_TYPE, isExpression, valueAt } from '../../formats/found-resource.ts';
import type { FoundContext, FoundResource } from '../../formats/found-resource.ts';
import { KNOWN_SETTINGS, isNodeSelectorKey, knownSetting, legacySetting } from '../../settings/catalog.ts';
import { closest } from '../suggest.ts';
import type { Finding, Rule, RuleExample } from './rule.ts';

/** What az injects on create, in the order its table lists them (reference §3). */
const INJECTED = ['cluster_name', 'clusterId', 'domain', 'location', 'jobSchedulerLocation', 'cluster_name_friendly', 'relayserver.enabled', 'servicebus.enabled', 'nginxIngress.enabled'] as const;
const COMPONENT_DEFAULTS: Record<'aks' | 'arc', Record<string, string>> = {
  aks: { 'servicebus.enabled': 'false', 'relayserver.enabled': 'false', 'nginxIngress.enabled': 'true' },
  arc: { 'servicebus.enabled': 'false', 'relayserver.enabled': 'true', 'nginxIngress.enabled': 'false' },
};
const PEM_TO_BASE64: Record<string, string> = { sslCertPemFile: 'scoringFe.sslCert', sslKeyPemFile: 'scoringFe.sslKey' };
/** Keys only the AzureML extension reads. */
const AZUREML_ONLY = ['enableTraining', 'enableInference', 'inferenceRouterServiceType', 'inferenceRouterHA', 'installVolcano', 'allowInsecureConnections', 'sslCname', 'clusterPurpose'];
/** Key prefixes of other extension types' documented settings (Flux, Dapr, Container Insights). */
const OTHER_EXTENSIONS: [RegExp, string][] = [
  [/^(source|kustomize|helm|notification|image-automation|image-reflector)-controller\./, 'microsoft.flux'],
  [/^multiTenancy\./, 'microsoft.flux'],
  [/^global\.ha\./, 'microsoft.dapr'],
  [/^(amalogs|omsagent)\./, 'microsoft.azuremonitor.containers'],
];
/** The earliest api-version of workspaces/computes assumed to accept `computeType: Kubernetes` (unverified, see AMLK197). */
const KUBERNETES_COMPUTE_SINCE = '2021-03-01-preview';

const KNOWN_KEYS = KNOWN_SETTINGS.map((s) => s.key);

/** The template path (bypassing az): Terraform, ARM/REST JSON and Bicep; az ml YAML goes through a CLI. */
const bypassesAz = (r: FoundResource): boolean => r.format !== 'azml';

function entries(map: SettingsMap): [string, unknown][] {
  return isExpression(map) ? [] : Object.entries(map);
}

const isTrue = (v: string | undefined): boolean => v?.toLowerCase() === 'true';
const literal = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Settings of an AzureML extension sent without az, with both maps literal enough to check. */
function templateSettings(r: FoundResource): { plain: Record<string, unknown>; protected: SettingsMap } | undefined {
  if (!bypassesAz(r) || !isAzureMlExtension(r)) return undefined;
  const s = foundSettings(r);
  return isExpression(s.plain) ? undefined : { plain: s.plain, protected: s.protected };
}

function injectedMissing({ resource: r }: FoundContext): Finding[] {
  const s = templateSettings(r);
  if (!s) return [];
  const lower = new Set(Object.keys(s.plain).map((k) => k.toLowerCase()));
  const missing = INJECTED.filter((k) => !Object.hasOwn(s.plain, k) && !lower.has(k.toLowerCase()));
  if (missing.length === 0) return [];
  const type = r.cluster.type;
  const value = (k: string): string => {
    if (k === 'cluster_name' || k === 'clusterId') return '<cluster resource ID>';
    if (k === 'domain') return '<location>.cloudapp.azure.com';
    if (k === 'cluster_name_friendly') return '<cluster name>';
    if (k.endsWith('.enabled')) return type ? COMPONENT_DEFAULTS[type][k]! : `${COMPONENT_DEFAULTS.aks[k]} on AKS, ${COMPONENT_DEFAULTS.arc[k]} on Arc`;
    return '<cluster location, lower case>';
  };
  return [{ path: valueAt(r.body, PLAIN_PATH) === undefined ? ['properties'] : PLAIN_PATH, message: `The az CLI adds ${missing.length === 1 ? 'a setting' : `${missing.length} settings`} on create that this file does not: ${missing.map((k) => `"${k}" (${value(k)})`).join(', ')}. Add ${missing.length === 1 ? 'it' : 'them'} to the configuration settings with those values.` }];
}

function injectedValues({ resource: r }: FoundContext): Finding[] {
  const s = templateSettings(r);
  if (!s) return [];
  const out: Finding[] = [];
  const at = (key: string): Finding['path'] => [...PLAIN_PATH, key];
  for (const [key, raw] of entries(s.plain)) {
    const v = literal(settingValue(s.plain, key));
    if (v === undefined || isExpression(raw)) continue;
    if (key === 'domain' && !/\.cloudapp\.azure\.com$/i.test(v)) {
      const bare = /^[a-z0-9]+$/i.test(v);
      out.push({ path: at(key), atValue: true, setting: key, message: bare ? `"domain" is "${v}", a bare location; az sets "${v.toLowerCase()}.cloudapp.azure.com". Write that.` : `"domain" is "${v}"; az always sets "<location>.cloudapp.azure.com" for the cluster's location.` });
    } else if ((key === 'cluster_name' || key === 'clusterId') && !v.startsWith('/subscriptions/')) {
      out.push({ path: at(key), atValue: true, setting: key, message: `"${key}" is "${v}", a name; az puts the cluster's resource ID here (/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>, or Microsoft.Kubernetes/connectedClusters for Arc).` });
    } else if ((key === 'location' || key === 'jobSchedulerLocation') && /[A-Z\s]/.test(v)) {
      out.push({ path: at(key), atValue: true, setting: key, message: `"${key}" is "${v}"; az uses the cluster's location name in lower case without spaces, e.g. "${v.toLowerCase().replace(/\s+/g, '')}".` });
    } else if (r.cluster.type && Object.hasOwn(COMPONENT_DEFAULTS[r.cluster.type], key) && v.toLowerCase() !== COMPONENT_DEFAULTS[r.cluster.type][key]) {
      const expected = COMPONENT_DEFAULTS[r.cluster.type][key]!;
      out.push({ path: at(key), atValue: true, setting: key, message: `"${key}" is "${v}"; az sets "${expected}" on ${r.cluster.type === 'aks' ? 'AKS' : 'Arc-enabled'} clusters. Use "${expected}" unless you supply the matching component yourself.` });
    } else if (!(INJECTED as readonly string[]).includes(key) && !knownSetting(key) && !legacySetting(key) && !isNodeSelectorKey(key)) {
      const guess = closest(key, INJECTED);
      // AMLK112 already suggests the keys it knows.
      if (guess && closest(key, KNOWN_KEYS) !== guess) out.push({ path: at(key), setting: key, message: `"${key}" is not read; az sets "${guess}". Rename the key to "${guess}".` });
    }
  }
  return out;
}

function pemPaths({ resource: r }: FoundContext): Finding[] {
  if (!bypassesAz(r) || !isAzureMlExtension(r)) return [];
  const s = foundSettings(r);
  const out: Finding[] = [];
  for (const [map, path] of [[s.plain, PLAIN_PATH], [s.protected, PROTECTED_PATH]] as const) {
    for (const [key] of entries(map)) {
      const target = PEM_TO_BASE64[key];
      if (!target || (!isExpression(s.protected) && Object.hasOwn(s.protected, target))) continue;
      out.push({
        path: [...path, key],
        setting: key,
        message: `"${key}" names a file on the machine running az, which reads it and sends its base64 text as "${target}"; sent as-is from a template the extension gets a path it cannot read and HTTPS is never configured. Put the base64 of the PEM text in the protected settings as "${target}" (Terraform: filebase64("cert.pem"); Bicep: loadFileAsBase64('cert.pem')), or use "sslSecret" with a Kubernetes TLS secret.`,
      });
    }
  }
  return out;
}

function caseTwins({ resource: r }: FoundContext): Finding[] {
  if (!isAzureMlExtension(r)) return [];
  const s = foundSettings(r);
  const seen = new Map<string, string>();
  const out: Finding[] = [];
  for (const [map, path] of [[s.plain, PLAIN_PATH], [s.protected, PROTECTED_PATH]] as const) {
    for (const [key] of entries(map)) {
      const first = seen.get(key.toLowerCase());
      if (first !== undefined && first !== key) out.push({ path: [...path, key], setting: key, message: `"${key}" and "${first}" differ only by case. Both reach the extension, which reads keys case-sensitively, so only one is honoured. Keep one spelling${knownSetting(first) ? ` ("${first}")` : knownSetting(key) ? ` ("${key}")` : ''}.` });
      else seen.set(key.toLowerCase(), key);
    }
  }
  return out;
}

function foreignSettings({ resource: r }: FoundContext): Finding[] {
  if (!isExtension(r)) return [];
  const type = extensionTypeOf(r);
  if (typeof type !== 'string') return [];
  const s = foundSettings(r);
  const keys = [...entries(s.plain), ...entries(s.protected)].map(([k]) => k);
  const pathOf = (k: string): Finding['path'] => (!isExpression(s.plain) && Object.hasOwn(s.plain, k) ? [...PLAIN_PATH, k] : [...PROTECTED_PATH, k]);
  if (type.toLowerCase() !== AZUREML_EXTENSION_TYPE) {
    const mine = keys.filter((k) => AZUREML_ONLY.includes(k));
    return mine.length === 0 ? [] : [{ path: pathOf(mine[0]!), setting: mine[0]!, message: `${mine.map((k) => `"${k}"`).join(', ')} ${mine.length === 1 ? 'is a setting' : 'are settings'} of the AzureML extension, but this extension's type is "${type}", which ignores ${mine.length === 1 ? 'it' : 'them'}. Set extension type "microsoft.azureml.kubernetes", or remove ${mine.length === 1 ? 'it' : 'them'}.` }];
  }
  return keys.flatMap((k) => {
    const other = OTHER_EXTENSIONS.find(([re]) => re.test(k));
    return other ? [{ path: pathOf(k), setting: k, message: `"${k}" is a setting of the ${other[1]} extension; the AzureML extension ignores it. Move it to that extension's resource.` }] : [];
  });
}

function computeApiVersion({ resource: r }: FoundContext): Finding[] {
  const type = computeTypeOf(r);
  if (!isCompute(r) || typeof type !== 'string' || type.toLowerCase() !== 'kubernetes' || typeof r.apiVersion !== 'string') return [];
  return r.apiVersion.slice(0, 10) >= KUBERNETES_COMPUTE_SINCE.slice(0, 10)
    ? []
    : [{ path: ['properties', 'computeType'], atValue: true, message: `api-version ${r.apiVersion} of workspaces/computes predates the Kubernetes compute type, so Azure rejects this body. Use a current api-version such as 2024-10-01.` }];
}

function legacyAksCompute({ resource: r, all }: FoundContext): Finding[] {
  const type = computeTypeOf(r);
  if (!isCompute(r) || typeof type !== 'string' || type.toLowerCase() !== 'aks') return [];
  // Two references to one cluster may differ in form (a scope path and a resource ID): compare the cluster names then.
  const norm = (ref: string): string => (/(?:managedClusters|connectedClusters)\/([^/]+)/i.exec(ref)?.[1] ?? ref).toLowerCase();
  const differs = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && norm(a) !== norm(b);
  const extension = all.find((x) => isAzureMlExtension(x) && !differs(x.cluster.type, r.cluster.type) && !differs(x.cluster.ref, r.cluster.ref));
  if (!extension) return [];
  return [{ path: ['properties', 'computeType'], atValue: true, message: `A legacy AKS inference cluster (computeType AKS) is declared with the AzureML extension (${extension.declaredAs} in ${extension.file}). Its azureml-fe objects make the extension install fail (E45004/E45005). Remove the AKS compute, delete its azureml-fe objects, and attach the cluster as a Kubernetes compute instead.` }];
}

function contradictions({ resource: r }: FoundContext): Finding[] {
  const s = templateSettings(r);
  if (!s) return [];
  const out: Finding[] = [];
  const get = (k: string): string | undefined => literal(settingValue(s.plain, k));
  const unknown = (k: string): boolean => isExpression(s.plain[k]);
  if (get('clusterPurpose')?.toLowerCase() === 'devtest' && !unknown('inferenceRouterHA') && (get('inferenceRouterHA') === undefined || isTrue(get('inferenceRouterHA')))) {
    const explicit = get('inferenceRouterHA') !== undefined;
    out.push({ path: [...PLAIN_PATH, explicit ? 'inferenceRouterHA' : 'clusterPurpose'], setting: 'inferenceRouterHA', message: `clusterPurpose is DevTest but the router runs in high availability (three replicas on three nodes)${explicit ? '' : ': inferenceRouterHA defaults to True, and only az sets it to False for small clusters'}. Set inferenceRouterHA to "False", or clusterPurpose to "FastProd".` });
  }
  if (isTrue(get('enableTraining')) && get('installVolcano')?.toLowerCase() === 'false' && get('volcanoScheduler.enable')?.toLowerCase() === 'false') {
    out.push({ path: [...PLAIN_PATH, 'volcanoScheduler.enable'], setting: 'volcanoScheduler.enable', message: 'Training is enabled, installVolcano is False (reuse a Volcano already on the cluster) and volcanoScheduler.enable is False, so no scheduler is left to run training jobs. Set installVolcano to "True", or keep the existing Volcano scheduler enabled.' });
  }
  return out;
}

const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml';

/** The settings az would send for the example cluster, so that examples differ only in what they show. */
export const EXAMPLE_SETTINGS: Record<string, string> = {
  enableTraining: 'True',
  cluster_name: CLUSTER,
  clusterId: CLUSTER,
  domain: 'eastus.cloudapp.azure.com',
  location: 'eastus',
  jobSchedulerLocation: 'eastus',
  cluster_name_friendly: 'aks-ml',
  'relayserver.enabled': 'false',
  'servicebus.enabled': 'false',
  'nginxIngress.enabled': 'true',
};

/** An ARM template installing the extension on the example AKS cluster; `null` removes a setting. */
function template(settings: Record<string, string | null>, protectedSettings?: Record<string, string>, extensionType = 'microsoft.azureml.kubernetes'): RuleExample {
  const merged = Object.fromEntries(Object.entries({ ...EXAMPLE_SETTINGS, ...settings }).filter(([, v]) => v !== null));
  const resource = {
    type: 'Microsoft.KubernetesConfiguration/extensions',
    apiVersion: '2023-05-01',
    name: 'azureml',
    scope: 'Microsoft.ContainerService/managedClusters/aks-ml',
    properties: { extensionType, autoUpgradeMinorVersion: true, scope: { cluster: { releaseNamespace: 'azureml' } }, configurationSettings: merged, ...(protectedSettings ? { configurationProtectedSettings: protectedSettings } : {}) },
  };
  const text = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [resource] }, null, 2);
  return { title: '', file: 'azureml.json', overlay: { '@text': `${text}\n` } };
}

function example(title: string, e: RuleExample): RuleExample {
  return { ...e, title };
}

function bicepCompute(apiVersion: string, computeType = 'Kubernetes'): string {
  return `param location string = resourceGroup().location

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' existing = {
  name: 'ml-workspace'
}

resource compute 'Microsoft.MachineLearningServices/workspaces/computes@${apiVersion}' = {
  parent: workspace
  name: 'k8s-compute'
  location: location
  properties: {
    computeType: '${computeType}'
    resourceId: '${CLUSTER}'
    properties: {
      namespace: 'default'
    }
  }
}
`;
}

export const templateRules: Rule[] = [
  {
    code: AMLK_LEGACY_AZML_SCHEMA,
    name: 'azml-compute-yaml',
    title: 'az ml compute YAML: a Kubernetes compute, without instance types',
    severity: 'warning',
    category: 'templates',
    doc: 'An `az ml compute` YAML file for a Kubernetes compute has `type: kubernetes`, `resource_id`, `namespace` and `identity`. Instance types listed in it (`instance_types`, from a preview schema) are not read by the current CLI, so they never reach the cluster: they belong in InstanceType objects applied with kubectl, or in `spec.instanceTypes` of a spec. Other az ml files (jobs, other compute types) are noted at info level and skipped.',
    source: 'reference §6, §7; az ml KubernetesCompute YAML schema',
    examples: {
      pass: [{ title: 'Kubernetes compute', file: 'compute.yml', overlay: { '@text': `$schema: https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json\nname: k8s-compute\ntype: kubernetes\nresource_id: ${CLUSTER}\nnamespace: default\nidentity:\n  type: system_assigned\n` } }],
      fail: [{ title: 'instance types in the compute file', file: 'compute.yml', overlay: { '@text': `name: k8s-compute\ntype: kubernetes\nresource_id: ${CLUSTER}\nnamespace: default\ninstance_types:\n  - name: small\n    resources:\n      requests: { cpu: 500m, memory: 1Gi }\n      limits: { cpu: "1", memory: 2Gi }\n` } }],
    },
  },
  {
    code: AMLK_CONFIG_SYNTAX,
    name: 'template-syntax',
    title: 'Terraform, JSON and Bicep files parse',
    severity: 'error',
    category: 'templates',
    doc: 'Terraform is read with HashiCorp\'s HCL parser, ARM templates and REST bodies as JSON with comments, Bicep with a reader of its resource declarations. A file that does not parse is reported at the first error and nothing in it is checked.',
    source: 'HCL, JSON (with comments), Bicep grammars',
    examples: {
      pass: [example('valid template', template({}))],
      fail: [{ title: 'missing comma', file: 'body.json', overlay: { '@text': '{\n  "properties": {\n    "extensionType": "microsoft.azureml.kubernetes"\n    "configurationSettings": {}\n  }\n}\n' } }],
    },
  },
  {
    code: AMLK_NOT_CHECKED,
    name: 'expression-not-checked',
    title: 'Values known only at deployment are not checked',
    severity: 'info',
    category: 'templates',
    doc: 'Variables, parameters, function calls, references and interpolated strings have no value before deployment. They are never errors; a rule whose verdict depends on one says that it could not check instead. Write the value literally to have it checked.',
    source: 'aml-k8s',
    examples: {
      pass: [example('literal settings', template({}))],
      fail: [{ title: 'training switch from a parameter', file: 'main.bicep', overlay: { '@text': `param enableTraining string\n\nresource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {\n  name: 'aks-ml'\n}\n\nresource azureml 'Microsoft.KubernetesConfiguration/extensions@2023-05-01' = {\n  name: 'azureml'\n  scope: aks\n  properties: {\n    extensionType: 'microsoft.azureml.kubernetes'\n    configurationSettings: {\n      enableTraining: enableTraining\n    }\n  }\n}\n` } }],
    },
  },
  {
    code: 'AMLK192',
    name: 'injected-settings-missing',
    title: 'Settings az adds on create are missing',
    severity: 'warning',
    category: 'templates',
    doc: '`az k8s-extension create` reads the cluster and adds `cluster_name`, `clusterId`, `domain`, `location`, `jobSchedulerLocation`, `cluster_name_friendly`, `relayserver.enabled`, `servicebus.enabled` and `nginxIngress.enabled` to the configuration settings. A template, Bicep file or Terraform resource goes to Azure directly, so it must carry them itself. What the extension does without them is not documented (unverified); Azure\'s own sample template sets them.',
    source: 'reference §3',
    checkFound: injectedMissing,
    examples: {
      pass: [example('all injected settings', template({}))],
      fail: [example('only the workload switch', template({ cluster_name: null, clusterId: null, domain: null, location: null, jobSchedulerLocation: null, cluster_name_friendly: null, 'relayserver.enabled': null, 'servicebus.enabled': null, 'nginxIngress.enabled': null }))],
    },
  },
  {
    code: 'AMLK193',
    name: 'injected-setting-value',
    title: 'Settings az adds on create have the values az would use',
    severity: 'warning',
    category: 'templates',
    doc: 'az sets `domain` to `<location>.cloudapp.azure.com`, `cluster_name` and `clusterId` to the cluster\'s resource ID, `location` to the lower-case location name, and the component switches to `servicebus.enabled=false`, `relayserver.enabled=false`, `nginxIngress.enabled=true` on AKS (`false`, `true`, `false` on Arc). Templates copied from old samples put a bare location in `domain` or the cluster name where the ID goes, or misspell an internal key so that it is not read (misspellings of keys the extension documents are AMLK112).',
    source: 'reference §3; Azure/AML-Kubernetes sample template',
    checkFound: injectedValues,
    examples: {
      pass: [example('as az sets them', template({}))],
      fail: [
        example('bare location as domain', template({ domain: 'eastus' })),
        example('cluster name instead of its ID', template({ cluster_name: 'aks-ml' })),
        example('misspelled key', template({ domain: null, doamin: 'eastus.cloudapp.azure.com' })),
      ],
    },
  },
  {
    code: 'AMLK194',
    name: 'pem-path-in-template',
    title: 'PEM file paths do not work without az',
    severity: 'error',
    category: 'templates',
    doc: '`sslCertPemFile` and `sslKeyPemFile` are paths az reads on the machine that runs it: it sends the base64 of the files as `scoringFe.sslCert` and `scoringFe.sslKey`. Passed through a template, Bicep or Terraform, the path arrives as it is and HTTPS is never configured. Send the base64 text under the `scoringFe.*` keys (protected), or use `sslSecret`.',
    source: 'reference §3 (scoringFe.sslCert, scoringFe.sslKey)',
    checkFound: pemPaths,
    examples: {
      pass: [example('base64 under scoringFe keys', template({ enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', sslCname: 'ml.contoso.com' }, { sslCertPemFile: 'cert.pem', sslKeyPemFile: 'key.pem', 'scoringFe.sslCert': "[parameters('certBase64')]", 'scoringFe.sslKey': "[parameters('keyBase64')]" }))],
      fail: [example('PEM paths only', template({ enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', sslCname: 'ml.contoso.com' }, { sslCertPemFile: 'cert.pem', sslKeyPemFile: 'key.pem' }))],
    },
  },
  {
    code: 'AMLK195',
    name: 'settings-differ-by-case',
    title: 'Two settings differ only by case',
    severity: 'warning',
    category: 'templates',
    doc: 'JSON objects, Terraform maps and Helm values accept `inferenceRouterHA` and `InferenceRouterHA` side by side. The extension reads keys case-sensitively, so only one of them is honoured, and which one is easy to get wrong.',
    source: 'reference §1 (case-sensitive lookup)',
    checkFound: caseTwins,
    examples: {
      pass: [example('one spelling', template({ inferenceRouterHA: 'False', enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', allowInsecureConnections: 'True' }))],
      fail: [example('two spellings', template({ inferenceRouterHA: 'False', InferenceRouterHA: 'True', enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', allowInsecureConnections: 'True' }))],
    },
  },
  {
    code: 'AMLK196',
    name: 'settings-of-another-extension',
    title: 'Settings belong to the extension type',
    severity: 'warning',
    category: 'templates',
    doc: 'A resource of type `Microsoft.KubernetesConfiguration/extensions` installs whatever `extensionType` names. AzureML settings on another extension type (often a copied Flux or Dapr block), or documented Flux, Dapr or Container Insights settings on the AzureML extension, are ignored without an error. An AzureML extension with neither training nor inference is AMLK100.',
    source: 'reference §2.1; Flux, Dapr and Container Insights extension settings',
    checkFound: foreignSettings,
    examples: {
      pass: [example('AzureML settings on the AzureML extension', template({}))],
      fail: [
        example('AzureML settings on a Flux extension', template({}, undefined, 'microsoft.flux')),
        example('a Flux setting on the AzureML extension', template({ 'helm-controller.enabled': 'true' })),
      ],
    },
  },
  {
    code: 'AMLK197',
    name: 'compute-api-version',
    title: 'The computes api-version knows the Kubernetes compute type',
    severity: 'error',
    category: 'templates',
    doc: `\`computeType: Kubernetes\` came to the workspaces/computes API with the Kubernetes compute preview in 2021; api-versions from before it do not have the type and Azure rejects the body. Which version first carried it is unverified: aml-k8s takes ${KUBERNETES_COMPUTE_SINCE} and reports only versions dated before it.`,
    source: 'Azure REST API specs, Microsoft.MachineLearningServices computes',
    checkFound: computeApiVersion,
    examples: {
      pass: [{ title: 'current api-version', file: 'compute.bicep', overlay: { '@text': bicepCompute('2024-10-01') } }],
      fail: [{ title: 'api-version from 2020', file: 'compute.bicep', overlay: { '@text': bicepCompute('2020-06-01') } }],
    },
  },
  {
    code: 'AMLK198',
    name: 'legacy-aks-compute-with-extension',
    title: 'No legacy AKS inference cluster next to the extension',
    severity: 'warning',
    category: 'templates',
    doc: 'A compute of type `AKS` (the v1 inference cluster, Terraform `azurerm_machine_learning_inference_cluster`) installs its own `azureml-fe` objects. The AzureML extension refuses to install over them (E45004/E45005). Declaring both for a cluster means one of them fails; attach the cluster as a Kubernetes compute instead.',
    source: 'reference §9 (remove legacy azureml-fe), §10 E45004/E45005',
    checkFound: legacyAksCompute,
    examples: {
      pass: [{ title: 'Kubernetes compute', file: 'compute.bicep', overlay: { '@text': bicepCompute('2024-10-01') } }],
      fail: [{ title: 'AKS compute and the extension', file: 'cluster.bicep', overlay: { '@text': `${bicepCompute('2024-10-01', 'AKS')}\nresource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {\n  name: 'aks-ml'\n}\n\nresource azureml 'Microsoft.KubernetesConfiguration/extensions@2023-05-01' = {\n  name: 'azureml'\n  scope: aks\n  properties: {\n    extensionType: 'microsoft.azureml.kubernetes'\n    configurationSettings: {\n      enableInference: 'True'\n    }\n  }\n}\n` } }],
    },
  },
  {
    code: 'AMLK199',
    name: 'contradicting-settings',
    title: 'Settings that contradict each other',
    severity: 'warning',
    category: 'templates',
    doc: 'Without az nothing reconciles settings: `clusterPurpose=DevTest` with the router in high availability (the default of `inferenceRouterHA` is True; only az turns it off for small clusters), or training with `installVolcano=False` (reuse an existing Volcano) and `volcanoScheduler.enable=False`, which leaves no scheduler for training jobs (the meaning of `volcanoScheduler.enable`, a chart value, is unverified).',
    source: 'reference §1, §2.12; Helm pass-through values',
    checkFound: contradictions,
    examples: {
      pass: [example('DevTest without HA', template({ enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', allowInsecureConnections: 'True', clusterPurpose: 'DevTest', inferenceRouterHA: 'False' }))],
      fail: [
        example('DevTest with HA', template({ enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', allowInsecureConnections: 'True', clusterPurpose: 'DevTest', inferenceRouterHA: 'True' })),
        example('training with no scheduler', template({ installVolcano: 'False', 'volcanoScheduler.enable': 'false' })),
      ],
    },
  },
];
