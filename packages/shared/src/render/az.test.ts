import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { importAz } from '../import/az.ts';
import { parseShell } from '../import/shell.ts';
import { computeInstanceTypes } from '../desire/instance-types.ts';
import { settingsFromSpec } from '../settings/from-spec.ts';
import type { AttachSpec, ComputeDocument, ComputeSpec, ExtensionSpec, InferenceSpec, TlsSpec } from '../model/types.ts';
import { renderAzCommands, shellQuote } from './az.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const SUB2 = '00000000-0000-0000-0000-000000000002';

function compute(name: string, spec: Partial<ComputeSpec> & { extension: ExtensionSpec }): ComputeDocument {
  return {
    apiVersion: 'aml-k8s/v1',
    kind: 'KubernetesCompute',
    metadata: { name, owner: 'group:default/ml-platform' },
    spec: { cluster: { type: 'aks', subscriptionId: SUB, resourceGroup: 'ml-rg', name: 'aks-ml' }, ...spec },
  };
}

/** What a spec means for Azure, with defaults spelt out; metadata and instance types have no az form. */
function meaning(doc: ComputeDocument): unknown {
  const { cluster, extension, attach } = doc.spec;
  const a: AttachSpec | undefined = attach && {
    computeName: attach.computeName ?? doc.metadata.name,
    workspace: { subscriptionId: attach.workspace.subscriptionId ?? cluster.subscriptionId, resourceGroup: attach.workspace.resourceGroup, name: attach.workspace.name },
    ...(attach.namespace === undefined ? {} : { namespace: attach.namespace }),
    ...(attach.identity === undefined ? {} : { identity: attach.identity }),
  };
  const openshift = cluster.distribution?.toLowerCase() === 'openshift';
  return {
    cluster: { type: cluster.type, subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup, name: cluster.name, ...(openshift ? { distribution: 'openshift' } : {}) },
    extension: extension ? { ...extension, name: extension.name ?? 'azureml', training: extension.training ?? false } : undefined,
    attach: a,
  };
}

function roundTrip(doc: ComputeDocument) {
  const text = renderAzCommands(doc);
  const result = importAz(text);
  expect(result.documents).toHaveLength(1);
  const back = result.documents[0]!;
  const loud = result.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'AMLK-IMPORT-PLACEHOLDER');
  return { text, back, loud, diagnostics: result.diagnostics };
}

function expectEquivalent(doc: ComputeDocument): string {
  const { text, back, loud } = roundTrip(doc);
  expect(loud).toEqual([]);
  expect(meaning(back)).toEqual(meaning(doc));
  const [a, b] = [settingsFromSpec(doc), settingsFromSpec(back)];
  expect(b.plain).toEqual(a.plain);
  expect(b.protected).toEqual(a.protected);
  expect(computeInstanceTypes(back.spec.instanceTypes ?? {})).toEqual(computeInstanceTypes(doc.spec.instanceTypes ?? {}));
  return text;
}

const WS = { resourceGroup: 'ml-rg', name: 'ml-workspace' };

describe('renderAzCommands: the deployment scenarios of the Azure docs', () => {
  test('AKS proof of concept: HTTP, HA off', () => {
    const text = expectEquivalent(compute('aks-poc', { extension: { training: true, inference: { routerServiceType: 'LoadBalancer', highAvailability: false, tls: { insecure: true } } }, attach: { workspace: WS } }));
    expect(text).toContain(String.raw`az k8s-extension create \
  --name azureml \
  --extension-type Microsoft.AzureML.Kubernetes \
  --cluster-type managedClusters \
  --cluster-name aks-ml \
  --resource-group ml-rg \
  --subscription ${SUB} \
  --scope cluster \
  --config \
    enableTraining=True \
    enableInference=True \
    inferenceRouterServiceType=LoadBalancer \
    inferenceRouterHA=False \
    allowInsecureConnections=True`);
    expect(text).toContain(`--resource-id /subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml`);
  });

  test('Arc, training only, pinned version', () => {
    const text = expectEquivalent({
      ...compute('arc-train', { extension: { name: 'azureml-ext', version: '1.1.64', autoUpgradeMinorVersion: false, training: true } }),
      spec: { cluster: { type: 'arc', subscriptionId: SUB2, resourceGroup: 'edge', name: 'k3s-1' }, extension: { name: 'azureml-ext', version: '1.1.64', autoUpgradeMinorVersion: false, training: true } },
    });
    expect(text).toContain('--cluster-type connectedClusters');
    expect(text).toContain('--version 1.1.64 \\\n  --auto-upgrade-minor-version false');
    expect(text).not.toContain('az ml compute attach');
  });

  test('AKS HTTPS with PEM files: the paths, never the PEM text', () => {
    const text = expectEquivalent(compute('aks-prod', { extension: { training: true, inference: { routerServiceType: 'LoadBalancer', tls: { cname: 'ml.contoso.com', certFile: 'tls/cert.pem', keyFile: 'tls/my key.pem' } } }, attach: { workspace: WS, namespace: 'prod' } }));
    expect(text).toContain("--config-protected \\\n    sslCertPemFile=tls/cert.pem \\\n    'sslKeyPemFile=tls/my key.pem'");
  });

  test('Arc NodePort with the GPU plugin and DCGM, PEM from environment variables', () => {
    const doc = compute('arc-gpu', {
      cluster: { type: 'arc', subscriptionId: SUB2, resourceGroup: 'onprem', name: 'gpu-01' },
      extension: { training: true, inference: { routerServiceType: 'NodePort', tls: { cname: 'ml.contoso.com', certEnv: 'TLS_CERT', keyEnv: 'TLS_KEY' } }, components: { nvidiaDevicePlugin: true, dcgmExporter: true } },
      attach: { workspace: { ...WS, subscriptionId: SUB }, identity: { type: 'SystemAssigned' } },
    });
    const text = expectEquivalent(doc);
    expect(text).toContain('sslCertPemFile="$TLS_CERT"');
    expect(text).toMatch(/^# sslCertPemFile: az reads a file path from \$TLS_CERT/m);
    expect(text).toContain(`--subscription ${SUB} \\\n  --resource-id /subscriptions/${SUB2}/`);
  });

  test('HTTPS with a Kubernetes secret', () => {
    const text = expectEquivalent(compute('tls-secret', { extension: { inference: { routerServiceType: 'LoadBalancer', tls: { cname: 'ml.contoso.com', secretName: 'ml-tls' } } }, attach: { workspace: WS } }));
    expect(text).toContain('sslSecret=ml-tls');
    expect(text).not.toContain('--config-protected');
  });

  test('ClusterIP', () => {
    expect(expectEquivalent(compute('cip', { extension: { inference: { routerServiceType: 'ClusterIP', clusterPurpose: 'DevTest', tls: { insecure: true } } } }))).toContain('inferenceRouterServiceType=ClusterIP');
  });

  test('internal load balancer', () => {
    expect(expectEquivalent(compute('ilb', { extension: { inference: { routerServiceType: 'LoadBalancer', internalLoadBalancer: true, tls: { cname: 'ml.internal', secretName: 's' } } } }))).toContain('internalLoadBalancerProvider=azure');
  });

  test('OpenShift', () => {
    const doc = compute('ocp', { cluster: { type: 'arc', subscriptionId: SUB, resourceGroup: 'ocp-rg', name: 'ocp', distribution: 'openshift' }, extension: { training: true }, attach: { workspace: WS, namespace: 'ml' } });
    const text = expectEquivalent(doc);
    expect(text).toContain('openshift=True');
    expect(text).toMatch(/^# OpenShift: .*SCC/m);
  });

  test('node selectors', () => {
    const text = expectEquivalent(compute('pinned', { extension: { training: true, nodeSelector: { 'kubernetes.io/os': 'linux', pool: 'ml gpu' } } }));
    expect(text).toContain("nodeSelector.kubernetes.io/os=linux \\\n    'nodeSelector.pool=ml gpu'");
  });

  test('reused Prometheus operator and Volcano', () => {
    expect(expectEquivalent(compute('reuse', { extension: { training: true, components: { prometheusOperator: false, volcano: false } } }))).toContain('installPromOp=False \\\n    installVolcano=False');
  });

  test('storage claims get a kubectl hint', () => {
    const text = renderAzCommands(compute('store', { extension: { training: true }, attach: { workspace: WS }, storage: { data: { mountPath: '/mnt/data', size: '1Gi', storageClassName: 'azurefile-csi' } } }));
    expect(text).toContain('# Storage claims (data) have no az equivalent. Create them in the cluster with kubectl:\n#   aml-k8s render SPEC --as manifests | kubectl apply -f -');
  });

  test('user-assigned identity', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/id-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-id`;
    const text = expectEquivalent(compute('uai', { extension: { training: true }, attach: { computeName: 'gpu-compute', workspace: WS, identity: { type: 'UserAssigned', ids: [id] } } }));
    expect(text).toContain(`--identity-type UserAssigned \\\n  --user-assigned-identities ${id}`);
    // The role assignments Azure wants first, as commented az lines (import ignores them).
    expect(text).toMatch(/# Before the attach, the user-assigned identity needs these role assignments[\s\S]*#   az role assignment create --assignee-object-id "\$\(az identity show --ids \S+ --query principalId -o tsv\)" --assignee-principal-type ServicePrincipal --role Reader --scope \/subscriptions\//);
    expect(text.indexOf('az role assignment create')).toBeLessThan(text.indexOf('az ml compute attach'));
  });

  test('raw settings and protected references keep their meaning', () => {
    const doc = compute('raw', {
      extension: {
        training: true,
        settings: { 'nginxIngress.controller': 'k8s.io/amlarc-ingress-nginx', odd: "it's $HOME; #1 & <x>" },
        protectedSettings: { relayServerConnectionString: { env: 'RELAY_CS' }, 'custom.token': { file: 'secrets/token.txt' } },
      },
    });
    const { text, back } = roundTrip(doc);
    expect(text).toContain(`'odd=it'\\''s $HOME; #1 & <x>'`);
    expect(text).toContain('relayServerConnectionString="$RELAY_CS"');
    expect(text).toContain(`custom.token="$(cat secrets/token.txt)"`);
    expect(back.spec.extension!.settings).toEqual(doc.spec.extension!.settings);
    expect(back.spec.extension!.protectedSettings).toEqual(doc.spec.extension!.protectedSettings);
  });

  test('instance types: kubectl apply with the YAML in a quoted here-document, read back by import', () => {
    const doc = compute('typed', { extension: { training: true }, attach: { workspace: WS }, instanceTypes: { gpu: { nodeSelector: { pool: 'gpu' }, resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': 1 } } } } });
    const text = expectEquivalent(doc);
    expect(text).toContain("kubectl apply -f - <<'INSTANCE_TYPES'\napiVersion: amlarc.azureml.com/v1alpha1\nkind: InstanceType\n");
    expect(text).toMatch(/^ {6}nvidia\.com\/gpu: 1\nINSTANCE_TYPES$/m);
    expect(text).toMatch(/^# .*az aks get-credentials --resource-group ml-rg --name aks-ml/m);
    expect(roundTrip(doc).back.spec.instanceTypes).toEqual(doc.spec.instanceTypes);
  });

  test('instance types: no text in them can end the here-document early', () => {
    const forged = 'x\nINSTANCE_TYPES\naz k8s-extension delete --name azureml --yes\n';
    const doc = compute('forged', { extension: { training: true }, instanceTypes: { INSTANCE_TYPES: { nodeSelector: { pool: forged, INSTANCE_TYPES_1: 'INSTANCE_TYPES_2' } } } });
    const text = renderAzCommands(doc);
    expect(text).toContain("<<'INSTANCE_TYPES_3'");
    expect(text.split('\n').filter((l) => l.startsWith('INSTANCE_TYPES'))).toEqual(['INSTANCE_TYPES_3']);
    const { back, loud } = roundTrip(doc);
    expect(loud).toEqual([]);
    expect(back.spec.instanceTypes).toEqual(doc.spec.instanceTypes);
  });

  test('instance types: a value ending in Unicode space at the end of the here-document survives', () => {
    for (const value of ['\u00a0', 'gpu\u3000', '\ufeff']) {
      const doc = compute('spaces', { extension: { training: true }, instanceTypes: { t: { nodeSelector: { pool: value } } } });
      expect(roundTrip(doc).back.spec.instanceTypes).toEqual(doc.spec.instanceTypes);
    }
  });

  test('the compute description, from the attach or the metadata, is named in a comment: az has no flag for it', () => {
    const doc = compute('described', { extension: { training: true }, attach: { workspace: WS } });
    doc.metadata.description = 'Team GPUs';
    expect(renderAzCommands(doc)).toMatch(/^# The compute description \("Team GPUs"\) has no az flag/m);
  });

  test('state: absent renders the removal', () => {
    const text = renderAzCommands({ ...compute('gone', { extension: {}, attach: { workspace: WS } }), spec: { state: 'absent', cluster: { type: 'aks', subscriptionId: SUB, resourceGroup: 'r', name: 'n' }, extension: {}, attach: { workspace: WS } } });
    expect(text).toContain('az ml compute detach');
    expect(text).toContain('az k8s-extension delete');
    expect(text.indexOf('detach')).toBeLessThan(text.indexOf('k8s-extension delete'));
  });
});

test('shellQuote: the shell reads back exactly the text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      const [cmd] = parseShell(`echo ${shellQuote(s)} end`, { dialect: 'bash' }).commands;
      expect(cmd!.words.map((w) => w.text)).toEqual(['echo', s, 'end']);
    }),
    { numRuns: 1000 },
  );
});

// Specs in the form the import produces: typed fields for what has one, raw keys for the rest.
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);
const text = fc.oneof(name, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !/[<>{}]|SharedAccess|AccountKey|BEGIN/.test(s)));
// A segment of an ARM resource ID cannot hold "/".
const segment = text.filter((s) => !s.includes('/'));
const guid = fc.uuid();
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/);
const path = fc.stringMatching(/^[a-z][a-z0-9 _./-]{0,20}$/).filter((p) => !p.endsWith(' '));

const tls: fc.Arbitrary<TlsSpec> = fc.oneof(
  fc.constant({ insecure: true as const }),
  fc.record({ cname: name, secretName: name }),
  fc.record({ cname: name, certFile: path, keyFile: path }),
  fc.record({ cname: name, certEnv: envName, keyEnv: envName }),
);
const inference: fc.Arbitrary<InferenceSpec> = fc.record(
  {
    routerServiceType: fc.constantFrom('LoadBalancer', 'NodePort', 'ClusterIP'),
    internalLoadBalancer: fc.constant(true),
    highAvailability: fc.boolean(),
    clusterPurpose: fc.constantFrom('DevTest', 'FastProd'),
    tls,
  },
  { requiredKeys: ['routerServiceType'] },
);
const RAW_KEYS = ['nginxIngress.controller', 'volcanoScheduler.schedulerConfigMap', 'amloperator.skipResourceValidation', 'isAKSMigration', 'inferenceLoadBalancerHA', 'InferenceRouterHA', 'custom.value'];
const extension: fc.Arbitrary<ExtensionSpec> = fc.record(
  {
    name,
    releaseTrain: fc.constantFrom('stable', 'preview'),
    version: fc.constantFrom('1.1.64', '1.2.0'),
    autoUpgradeMinorVersion: fc.boolean(),
    training: fc.boolean(),
    inference,
    nodeSelector: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/), text, { minKeys: 1, maxKeys: 3 }),
    components: fc.record({ nvidiaDevicePlugin: fc.boolean(), dcgmExporter: fc.boolean(), prometheusOperator: fc.boolean(), volcano: fc.boolean(), logAnalytics: fc.boolean() }, { requiredKeys: [] }),
    settings: fc.dictionary(fc.constantFrom(...RAW_KEYS), text, { minKeys: 1, maxKeys: 3 }),
    protectedSettings: fc.dictionary(
      fc.constantFrom('relayServerConnectionString', 'serviceBusConnectionString', 'custom.token'),
      fc.oneof(envName.map((env) => ({ env })), path.map((file) => ({ file }))),
      { minKeys: 1, maxKeys: 3 },
    ),
  },
  { requiredKeys: [] },
).map((e) => {
  // A spec with nothing in it is not canonical: the import turns an empty components block into none.
  if (e.components && Object.keys(e.components).length === 0) delete e.components;
  return e;
});
const attach: fc.Arbitrary<AttachSpec> = fc.record(
  {
    computeName: name,
    workspace: fc.record({ subscriptionId: guid, resourceGroup: name, name }, { requiredKeys: ['resourceGroup', 'name'] }),
    namespace: text,
    identity: fc.oneof(
      fc.constant({ type: 'SystemAssigned' as const }),
      fc.constant({ type: 'None' as const }),
      // A Kubernetes compute takes one user-assigned identity; more is reported on import.
      guid.map((g) => ({ type: 'UserAssigned' as const, ids: [`/subscriptions/${g}/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i`] })),
    ),
  },
  { requiredKeys: ['workspace'] },
);
const quantity = fc.stringMatching(/^[1-9][0-9]{0,2}(m|Mi|Gi)?$/);
const instanceTypes = fc.dictionary(
  name,
  fc.record(
    {
      nodeSelector: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/), text, { minKeys: 1, maxKeys: 2 }),
      resources: fc.record({ requests: fc.record({ cpu: quantity, memory: quantity }), limits: fc.record({ cpu: quantity, memory: quantity, 'nvidia.com/gpu': fc.integer({ min: 1, max: 8 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  { maxKeys: 3 },
);
const doc: fc.Arbitrary<ComputeDocument> = fc
  .record({
    metadata: fc.record({ name }),
    cluster: fc.record({ type: fc.constantFrom('aks' as const, 'arc' as const), subscriptionId: guid, resourceGroup: segment, name: segment, distribution: fc.constantFrom('openshift') }, { requiredKeys: ['type', 'subscriptionId', 'resourceGroup', 'name'] }),
    extension,
    attach: fc.option(attach, { nil: undefined }),
    instanceTypes: fc.option(instanceTypes, { nil: undefined }),
  })
  .map(({ metadata, cluster, extension: ext, attach: a, instanceTypes: types }) => ({
    apiVersion: 'aml-k8s/v1' as const,
    kind: 'KubernetesCompute' as const,
    metadata,
    spec: { cluster, extension: ext, ...(a ? { attach: a } : {}), ...(types && Object.keys(types).length ? { instanceTypes: types } : {}) },
  }));

test('property: importing the rendered commands gives back the spec (all but metadata)', () => {
  fc.assert(
    fc.property(doc, (d) => {
      expectEquivalent(d);
    }),
    { numRuns: 300 },
  );
});
