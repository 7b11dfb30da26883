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

const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, description, ...extra });
/** A boolean field; with `path`, the setting it maps to. */
const bool = (description: string, path?: string): Schema => ({ type: 'boolean', description, ...(path ? setting(path) : {}) });
const stringMap = (description: string): Schema => ({
  type: 'object',
  description,
  additionalProperties: { type: ['string', 'number', 'boolean'] },
});
const quantity = (description: string): Schema => ({ type: ['string', 'number'], description });
const guid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const secretRef: Schema = {
  oneOf: [
    { type: 'object', properties: { file: str('Path of a file holding the value, relative to the spec file.') }, required: ['file'], additionalProperties: false },
    { type: 'object', properties: { env: str('Name of an environment variable holding the value.', { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }) }, required: ['env'], additionalProperties: false },
  ],
};

const resources: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cpu: quantity('CPU quantity, e.g. "500m" or "2".'),
    memory: quantity('Memory quantity, e.g. "4Gi".'),
    'nvidia.com/gpu': { type: ['integer', 'string'], description: 'Whole number of GPUs (limits only).' },
  },
};

const tls: Schema = {
  description: 'TLS of the scoring endpoint: a Kubernetes secret, PEM files, PEM from environment variables, or explicitly insecure HTTP.',
  // Named after the key every TLS shape needs (sslCname, from tls.cname).
  ...setting(`${INF}.tls.cname`),
  oneOf: [
    {
      type: 'object', additionalProperties: false, required: ['cname', 'secretName'],
      properties: { cname: str('Host name of the endpoint (sslCname).'), secretName: str('Secret in the azureml namespace with cert.pem and key.pem (sslSecret).') },
    },
    {
      type: 'object', additionalProperties: false, required: ['cname', 'certFile', 'keyFile'],
      properties: { cname: str('Host name of the endpoint (sslCname).'), certFile: str('PEM certificate file (sslCertPemFile).'), keyFile: str('PEM private key file without passphrase (sslKeyPemFile).') },
    },
    {
      type: 'object', additionalProperties: false, required: ['cname', 'certEnv', 'keyEnv'],
      properties: { cname: str('Host name of the endpoint (sslCname).'), certEnv: str('Environment variable holding the PEM certificate.'), keyEnv: str('Environment variable holding the PEM private key.') },
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
        volumeAttributes: { type: 'object', additionalProperties: { type: 'string' } },
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
    mountPath: { type: 'string', description: 'Absolute path where job containers see the volume (ml.azure.com/mountpath).' },
    size: { type: ['string', 'number'], description: 'Capacity of the volume and storage the claim requests, e.g. 100Gi.' },
    accessModes: {
      type: 'array', minItems: 1, uniqueItems: true,
      items: { enum: ['ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOncePod'] },
      description: 'Default [ReadWriteMany] ([ReadWriteOnce] for an Azure disk). Job pods on several nodes need ReadWriteMany or ReadOnlyMany.',
    },
    namespace: str('Namespace of the claim; must be the compute\'s namespace (the default).'),
    storageClassName: { type: 'string', description: '"" (default with a volume) binds the claim to its volume; a class name provisions storage dynamically.' },
    reclaimPolicy: { enum: ['Retain', 'Delete'], description: 'What happens to the volume when the claim is deleted (default Retain).' },
    mountOptions: { type: 'array', items: { type: 'string' } },
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
        name: str('Name of the compute in this spec set; default compute name in the workspace.'),
        owner: str('Backstage entity reference of the owning team, e.g. group:default/ml-platform.'),
        description: { type: 'string', description: 'Free text.' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
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
            subscriptionId: str('Subscription of the cluster.', { pattern: guid }),
            resourceGroup: str('Resource group of the cluster.'),
            name: str('Cluster resource name.'),
            distribution: str('Kubernetes distribution when known, e.g. openshift.', setting('spec.cluster.distribution')),
          },
        },
        extension: {
          type: 'object',
          description: 'The AzureML extension this spec manages. Omit it to attach a cluster whose extension is managed elsewhere; it must already be installed.',
          additionalProperties: false,
          properties: {
            name: str('Extension and Helm release name (default azureml).'),
            releaseTrain: str('Release train used with auto-upgrade (default stable).'),
            version: str('Pinned extension version; requires autoUpgradeMinorVersion: false.'),
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
            nodeSelector: { type: 'object', description: 'Pins the extension and its workloads (nodeSelector.<label>).', additionalProperties: { type: ['string', 'number', 'boolean'] } },
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
            protectedSettings: { type: 'object', description: 'Raw protected settings, each a file or environment variable reference.', additionalProperties: secretRef },
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
                subscriptionId: str('Subscription of the workspace (default: the cluster\'s).', { pattern: guid }),
                resourceGroup: str('Resource group of the workspace.'),
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
                ids: { type: 'array', items: { type: 'string' }, description: 'User-assigned identity resource IDs; Azure uses only the first.' },
              },
            },
            description: { type: 'string' },
          },
        },
        instanceTypes: {
          type: 'object',
          description: 'Instance types by name; `defaultinstancetype` replaces the built-in default.',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: {
              nodeSelector: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
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
          additionalProperties: storageClaim,
        },
      },
    },
  },
} as const;
