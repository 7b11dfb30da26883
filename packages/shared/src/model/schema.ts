// JSON Schema (draft 2020-12 subset that ajv and yaml-language-server both understand) of a spec
// file. The published copy at `schema/compute.schema.json` is generated from this object.
// `x-setting` names the Azure configuration key a field becomes, so structural errors can name it;
// it and the enums of settings come from the settings table (settings-table.ts), by spec path.
import { settingOfSpecField } from './settings-table.ts';
import { SPEC_API_VERSION, SPEC_KIND } from './types.ts';

type Schema = Record<string, unknown>;

/** `x-setting` of a spec field (dotted from the document root): the key its row in the settings table maps it to. */
const setting = (path: string): { 'x-setting': string } => {
  const row = settingOfSpecField(path);
  if (!row) throw new Error(`No row of the settings table maps ${path}`);
  return { 'x-setting': row.key };
};
/** `enum` of a spec field that carries an enum setting's value: the table's canonical spellings. */
const settingEnum = (path: string): { enum: string[] } => {
  const values = settingOfSpecField(path)?.values;
  if (!values) throw new Error(`No enum row of the settings table maps ${path}`);
  return { enum: values.map((v) => v.value) };
};
const EXT = 'spec.extension';
const INF = `${EXT}.inference`;
const COMP = `${EXT}.components`;

// String constraints. Every string of a spec can reach an output (az lines piped into bash,
// manifests piped into kubectl, Markdown posted on pull requests), so none may hold control
// characters; names also follow the rules of what they name (Azure's and Kubernetes').
/** No C0/C1 control characters (newline, NUL, ESC...) and no Unicode line or paragraph separators. */
export const NO_CONTROL_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$';
/** An environment variable name (`{ env }`, `certEnv`, `keyEnv`): what a POSIX shell expands as `$NAME`. */
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
/** A subscription ID. */
export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/**
 * Resource group: 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending in ".".
 * (Azure also admits Unicode letters; aml-k8s keeps to ASCII. Not stated in the reference: ARM naming rules.)
 */
export const RESOURCE_GROUP_PATTERN = '^[-A-Za-z0-9_.()]{0,89}[-A-Za-z0-9_()]$';
/**
 * Cluster resource name: 1 to 63 letters, digits, "_" and "-", starting and ending with a letter or
 * digit. This is the AKS managedClusters rule; Arc connectedClusters is taken to be the same
 * (unverified: the reference states neither; ARM naming rules).
 */
export const CLUSTER_NAME_PATTERN = '^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$';
/**
 * The name of a spec (`metadata.name`): a Backstage entity name, 1 to 63 letters and digits in
 * runs separated by one "-", "_" or ".". Also the default compute name (rule AMLK150 applies then).
 */
export const SPEC_NAME_PATTERN = '^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$';
/**
 * A Backstage entity reference `[kind:][namespace/]name` (`metadata.owner`, e.g. group:default/ml-platform):
 * kind 1 to 63 letters and digits starting with a letter; namespace a DNS label of at most 63;
 * name like a spec name (1 to 63). Each part is limited by a lookahead so the pattern stays one line.
 */
export const ENTITY_REF_PATTERN = '^(?:[A-Za-z][A-Za-z0-9]{0,62}:)?(?:(?=[-a-z0-9]{1,63}/)[a-z0-9]+(?:-[a-z0-9]+)*/)?(?=[-_.A-Za-z0-9]{1,63}$)[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$';
/** Kubernetes object names (DNS-1123 subdomain, at most 253). */
export const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A DNS host name, for the TLS CNAME (a leading "*." for wildcard certificates). */
export const HOST_NAME_PATTERN = '^(\\*\\.)?[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$';
/** A word such as a release train, distribution or file system type. */
export const WORD_PATTERN = '^[A-Za-z0-9][-A-Za-z0-9_.]*$';
/** An extension version, e.g. 1.1.64 (pre-release and build suffixes allowed). */
export const VERSION_PATTERN = '^[0-9]+(\\.[0-9]+){0,3}([-+][0-9A-Za-z.-]+)?$';

/** What each pattern means, for diagnostics (structure.ts). */
export const PATTERN_HINTS: Record<string, string> = {
  [NO_CONTROL_PATTERN]: 'it must not hold control characters (newlines, tabs, NUL...) or line separators',
  [ENV_NAME_PATTERN]: 'an environment variable name has letters, digits and "_", and does not start with a digit',
  [GUID_PATTERN]: 'a subscription ID is a GUID like 00000000-0000-0000-0000-000000000000',
  [RESOURCE_GROUP_PATTERN]: 'a resource group name has 1 to 90 letters, digits, "_", "-", ".", "(" and ")", and does not end in "."',
  [CLUSTER_NAME_PATTERN]: 'a cluster name has 1 to 63 letters, digits, "_" and "-", and starts and ends with a letter or digit',
  [SPEC_NAME_PATTERN]: 'a spec name has 1 to 63 letters and digits, in runs separated by one "-", "_" or "."',
  [ENTITY_REF_PATTERN]: 'an owner is a Backstage entity reference [kind:][namespace/]name such as group:default/ml-platform (kind: letters and digits; namespace: lower-case letters, digits and "-"; name: letters and digits in runs separated by one "-", "_" or "."; each part at most 63)',
  [DNS_SUBDOMAIN_PATTERN]: 'a Kubernetes name has lower-case letters, digits, "-" and ".", and starts and ends with a letter or digit',
  [HOST_NAME_PATTERN]: 'a host name has letters, digits, "-" and "." (e.g. ml.contoso.com)',
  [WORD_PATTERN]: 'use letters, digits, "-", "_" and ".", starting with a letter or digit',
  [VERSION_PATTERN]: 'a version looks like 1.1.64',
};

/** A non-empty string without control characters; `extra` may set a stricter pattern and length. */
const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, pattern: NO_CONTROL_PATTERN, description, ...extra });
/** Free text (may be empty), without control characters. */
const text = (description: string, extra: Schema = {}): Schema => ({ type: 'string', pattern: NO_CONTROL_PATTERN, description, ...extra });
/** Keys of a map: non-empty, without control characters. */
const keys = (extra: Schema = {}): Schema => ({ propertyNames: { minLength: 1, pattern: NO_CONTROL_PATTERN, ...extra } });
const scalarValue: Schema = { type: ['string', 'number', 'boolean'], pattern: NO_CONTROL_PATTERN };
/** A boolean field; with `path`, the setting it maps to. */
const bool = (description: string, path?: string): Schema => ({ type: 'boolean', description, ...(path ? setting(path) : {}) });
const stringMap = (description: string): Schema => ({
  type: 'object',
  description,
  ...keys(),
  additionalProperties: scalarValue,
});
const quantity = (description: string): Schema => ({ type: ['string', 'number'], pattern: NO_CONTROL_PATTERN, description });

const secretRef: Schema = {
  oneOf: [
    { type: 'object', properties: { file: str('Path of a file holding the value, relative to the spec file.') }, required: ['file'], additionalProperties: false },
    { type: 'object', properties: { env: str('Name of an environment variable holding the value.', { pattern: ENV_NAME_PATTERN }) }, required: ['env'], additionalProperties: false },
  ],
};

const resources: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cpu: quantity('CPU quantity, e.g. "500m" or "2".'),
    memory: quantity('Memory quantity, e.g. "4Gi".'),
    'nvidia.com/gpu': { type: ['integer', 'string'], pattern: NO_CONTROL_PATTERN, description: 'Whole number of GPUs (limits only).' },
  },
};

const CNAME: Schema = { pattern: HOST_NAME_PATTERN, maxLength: 253 };
const K8S_NAME: Schema = { pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253 };

const tls: Schema = {
  description: 'TLS of the scoring endpoint: a Kubernetes secret, PEM files, PEM from environment variables, or explicitly insecure HTTP.',
  // Named after the key every TLS shape needs (sslCname, from tls.cname).
  ...setting(`${INF}.tls.cname`),
  oneOf: [
    {
      type: 'object', additionalProperties: false, required: ['cname', 'secretName'],
      properties: { cname: str('Host name of the endpoint (sslCname).', CNAME), secretName: str('Secret in the azureml namespace with cert.pem and key.pem (sslSecret).', K8S_NAME) },
    },
    {
      type: 'object', additionalProperties: false, required: ['cname', 'certFile', 'keyFile'],
      properties: { cname: str('Host name of the endpoint (sslCname).', CNAME), certFile: str('PEM certificate file (sslCertPemFile).'), keyFile: str('PEM private key file without passphrase (sslKeyPemFile).') },
    },
    {
      type: 'object', additionalProperties: false, required: ['cname', 'certEnv', 'keyEnv'],
      properties: { cname: str('Host name of the endpoint (sslCname).', CNAME), certEnv: str('Environment variable holding the PEM certificate.', { pattern: ENV_NAME_PATTERN }), keyEnv: str('Environment variable holding the PEM private key.', { pattern: ENV_NAME_PATTERN }) },
    },
    {
      type: 'object', additionalProperties: false, required: ['insecure'],
      properties: { insecure: { const: true, description: 'Serve HTTP without TLS (allowInsecureConnections=True).' } },
    },
  ],
};

const readOnly = { type: 'boolean', description: 'Mount read-only.' };

/** One volume source, as Kubernetes PersistentVolume sources (Azure ones through their CSI drivers). */
const volumeSource = {
  type: 'object',
  description: 'The existing storage the claim exposes: exactly one of nfs, azureFile, azureBlob, azureDisk, csi, hostPath. Omit it to provision dynamically from storageClassName.',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    nfs: {
      type: 'object', additionalProperties: false, required: ['server', 'path'],
      properties: { server: str('NFS server host name or address.'), path: str('Exported path on the server.'), readOnly },
    },
    azureFile: {
      type: 'object', additionalProperties: false, required: ['shareName', 'secretName'],
      description: 'An Azure Files share (CSI driver file.csi.azure.com).',
      properties: {
        shareName: str('File share name.'),
        secretName: str('Secret in the claim\'s namespace with azurestorageaccountname and azurestorageaccountkey.'),
        storageAccount: str('Storage account name (default: from the secret).'),
        resourceGroup: str('Resource group of the storage account (default: the cluster\'s node resource group).'),
        readOnly,
      },
    },
    azureBlob: {
      type: 'object', additionalProperties: false, required: ['containerName'],
      description: 'An Azure Blob container (CSI driver blob.csi.azure.com, BlobFuse or NFS 3.0).',
      properties: {
        containerName: str('Blob container name.'),
        storageAccount: str('Storage account name.'),
        resourceGroup: str('Resource group of the storage account.'),
        secretName: str('Secret in the claim\'s namespace with azurestorageaccountname and azurestorageaccountkey (BlobFuse).'),
        protocol: { enum: ['fuse', 'nfs'], description: 'fuse (default) or nfs.' },
        readOnly,
      },
    },
    azureDisk: {
      type: 'object', additionalProperties: false, required: ['diskId'],
      description: 'An Azure managed disk (CSI driver disk.csi.azure.com); one node at a time.',
      properties: { diskId: str('Resource ID of the managed disk.'), fsType: str('File system (default ext4).'), readOnly },
    },
    csi: {
      type: 'object', additionalProperties: false, required: ['driver', 'volumeHandle'],
      description: 'Any CSI driver installed on the cluster.',
      properties: {
        driver: str('CSI driver name, e.g. file.csi.azure.com.'),
        volumeHandle: str('Identifier of the volume, unique in the cluster.'),
        volumeAttributes: { type: 'object', ...keys(), additionalProperties: text('An attribute value.') },
        nodeStageSecretName: str('Secret in the claim\'s namespace the driver reads to mount.'),
        fsType: str('File system type.'),
        readOnly,
      },
    },
    hostPath: {
      type: 'object', additionalProperties: false, required: ['path'],
      description: 'A directory on each node (single-node and test clusters).',
      properties: { path: str('Directory on the node.'), type: str('hostPath type, e.g. Directory or DirectoryOrCreate.') },
    },
  },
} satisfies Schema;

const storageClaim = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mountPath: text('Absolute path where job containers see the volume (ml.azure.com/mountpath).'),
    size: { type: ['string', 'number'], pattern: NO_CONTROL_PATTERN, description: 'Capacity of the volume and storage the claim requests, e.g. 100Gi.' },
    accessModes: {
      type: 'array', minItems: 1, uniqueItems: true,
      items: { enum: ['ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOncePod'] },
      description: 'Default [ReadWriteMany] ([ReadWriteOnce] for an Azure disk). Job pods on several nodes need ReadWriteMany or ReadOnlyMany.',
    },
    namespace: str('Namespace of the claim; must be the compute\'s namespace (the default).'),
    storageClassName: { type: 'string', pattern: NO_CONTROL_PATTERN, description: '"" (default with a volume) binds the claim to its volume; a class name provisions storage dynamically.' },
    reclaimPolicy: { enum: ['Retain', 'Delete'], description: 'What happens to the volume when the claim is deleted (default Retain).' },
    mountOptions: { type: 'array', items: text('A mount option.') },
    volume: volumeSource,
  },
} satisfies Schema;

export const COMPUTE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://aml-k8s.dev/schema/compute.schema.json',
  title: 'aml-k8s KubernetesCompute',
  description: 'One Azure Machine Learning Kubernetes compute: cluster, AzureML extension, workspace attach and instance types.',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: SPEC_API_VERSION, description: 'Spec format version.' },
    kind: { const: SPEC_KIND },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: str('Name of the compute in this spec set; default compute name in the workspace.', { pattern: SPEC_NAME_PATTERN, maxLength: 63 }),
        owner: str('Backstage entity reference of the owning team, e.g. group:default/ml-platform.', { pattern: ENTITY_REF_PATTERN, maxLength: 191 }),
        description: text('Free text.', { maxLength: 5000 }),
        labels: { type: 'object', ...keys(), additionalProperties: text('A label value.') },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['cluster'],
      properties: {
        state: { enum: ['present', 'absent'], description: '`absent` detaches the compute and removes the extension when nothing else uses it.' },
        cluster: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'subscriptionId', 'resourceGroup', 'name'],
          properties: {
            type: { enum: ['aks', 'arc'], description: '`aks` (Microsoft.ContainerService/managedClusters) or `arc` (Microsoft.Kubernetes/connectedClusters).' },
            subscriptionId: str('Subscription of the cluster.', { pattern: GUID_PATTERN }),
            resourceGroup: str('Resource group of the cluster.', { pattern: RESOURCE_GROUP_PATTERN, maxLength: 90 }),
            name: str('Cluster resource name.', { pattern: CLUSTER_NAME_PATTERN, maxLength: 63 }),
            distribution: str('Kubernetes distribution when known, e.g. openshift.', { pattern: WORD_PATTERN, maxLength: 63, ...setting('spec.cluster.distribution') }),
          },
        },
        extension: {
          type: 'object',
          description: 'The AzureML extension this spec manages. Omit it to attach a cluster whose extension is managed elsewhere; it must already be installed.',
          additionalProperties: false,
          properties: {
            name: str('Extension and Helm release name (default azureml).'),
            releaseTrain: str('Release train used with auto-upgrade (default stable).', { pattern: WORD_PATTERN, maxLength: 63 }),
            version: str('Pinned extension version; requires autoUpgradeMinorVersion: false.', { pattern: VERSION_PATTERN, maxLength: 63 }),
            autoUpgradeMinorVersion: bool('Let Azure upgrade minor versions (default true).'),
            training: bool('Run training jobs (enableTraining).', `${EXT}.training`),
            inference: {
              type: 'object',
              description: 'Serve online endpoints (enableInference). Omit to turn inference off.',
              ...setting(INF),
              additionalProperties: false,
              properties: {
                routerServiceType: { ...settingEnum(`${INF}.routerServiceType`), description: 'Service type of the inference router (inferenceRouterServiceType).', ...setting(`${INF}.routerServiceType`) },
                internalLoadBalancer: bool('Azure internal load balancer for the router; AKS only, not with NodePort (internalLoadBalancerProvider=azure).', `${INF}.internalLoadBalancer`),
                highAvailability: bool('Three router replicas; needs at least three nodes (inferenceRouterHA, default true).', `${INF}.highAvailability`),
                clusterPurpose: { ...settingEnum(`${INF}.clusterPurpose`), ...setting(`${INF}.clusterPurpose`) },
                tls,
              },
            },
            nodeSelector: { type: 'object', description: 'Pins the extension and its workloads (nodeSelector.<label>).', ...keys(), additionalProperties: scalarValue },
            components: {
              type: 'object',
              additionalProperties: false,
              properties: {
                nvidiaDevicePlugin: bool('Install the NVIDIA device plugin (installNvidiaDevicePlugin, default false).', `${COMP}.nvidiaDevicePlugin`),
                dcgmExporter: bool('Install the DCGM exporter (installDcgmExporter, default false).', `${COMP}.dcgmExporter`),
                prometheusOperator: bool('Install the Prometheus operator; false reuses an existing one (installPromOp, default true).', `${COMP}.prometheusOperator`),
                volcano: bool('Install Volcano; false reuses an existing one (installVolcano, default true).', `${COMP}.volcano`),
                logAnalytics: bool('Send logs to Log Analytics (logAnalyticsWS, default false).', `${COMP}.logAnalytics`),
              },
            },
            settings: stringMap('Raw configuration settings passed to Azure, checked against the known keys.'),
            protectedSettings: { type: 'object', description: 'Raw protected settings, each a file or environment variable reference.', ...keys(), additionalProperties: secretRef },
          },
        },
        attach: {
          type: 'object',
          additionalProperties: false,
          required: ['workspace'],
          properties: {
            computeName: str('Compute name in the workspace (default metadata.name).'),
            workspace: {
              type: 'object',
              additionalProperties: false,
              required: ['resourceGroup', 'name'],
              properties: {
                subscriptionId: str('Subscription of the workspace (default: the cluster\'s).', { pattern: GUID_PATTERN }),
                resourceGroup: str('Resource group of the workspace.', { pattern: RESOURCE_GROUP_PATTERN, maxLength: 90 }),
                name: str('Workspace name.'),
              },
            },
            namespace: str('Kubernetes namespace of the workloads; must exist (default `default`).'),
            identity: {
              type: 'object',
              additionalProperties: false,
              required: ['type'],
              properties: {
                type: { enum: ['SystemAssigned', 'UserAssigned', 'None'] },
                ids: { type: 'array', items: str('A user-assigned identity resource ID.'), description: 'User-assigned identity resource IDs; Azure uses only the first.' },
              },
            },
            description: text('Description of the compute in the workspace.', { maxLength: 5000 }),
          },
        },
        instanceTypes: {
          type: 'object',
          description: 'Instance types by name; `defaultinstancetype` replaces the built-in default.',
          ...keys(),
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: {
              nodeSelector: { type: 'object', ...keys(), additionalProperties: scalarValue },
              resources: {
                type: 'object',
                additionalProperties: false,
                properties: { requests: resources, limits: resources },
              },
            },
          },
        },
        storage: {
          type: 'object',
          description: 'Persistent volume claims for job data, by claim name: Azure ML mounts each into the job pods of the compute\'s namespace at its mountPath.',
          ...keys(),
          additionalProperties: storageClaim,
        },
      },
    },
  },
} as const;
