// Rules that need live facts about the cluster (read from Azure before planning).
import { settingEnumValue } from '../../model/settings-table.ts';
import { inferenceOn, isTrue, originOf } from './helpers.ts';
import type { Rule } from './rule.ts';

/** Regions listed for Azure Arc-enabled machine learning (2022 list; Azure adds regions over time). */
export const DOCUMENTED_REGIONS = ['eastus', 'eastus2', 'southcentralus', 'westus2', 'australiaeast', 'southeastasia', 'northeurope', 'uksouth', 'westeurope', 'westcentralus', 'centralus', 'northcentralus', 'westus', 'koreacentral', 'francecentral'];

function minor(version: string | undefined): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

export const clusterRules: Rule[] = [
  {
    code: 'AMLK140',
    name: 'router-ha-node-count',
    title: 'A highly available router needs at least three nodes',
    severity: 'error',
    category: 'cluster',
    needsFacts: true,
    doc: 'With `inferenceRouterHA` on (the default) the router runs three replicas on separate nodes. On fewer than three nodes the install fails with E40002 INSUFFICIENT_NODE. When HA is not set, aml-k8s turns it off for small clusters as the az CLI does (and says so).',
    source: 'reference §2.12, §10 E40002',
    check: ({ settings, facts }) => {
      if (!inferenceOn(settings) || facts?.nodeCount === undefined || facts.nodeCount >= 3) return [];
      const ha = settings.plain.inferenceRouterHA;
      if (ha === undefined) return [{ severity: 'info', setting: 'inferenceRouterHA', path: originOf(settings, 'enableInference'), message: `The cluster has ${facts.nodeCount} node(s), so aml-k8s sets inferenceRouterHA=False and clusterPurpose=DevTest. Set \`highAvailability: false\` to make that explicit.` }];
      return isTrue(ha) ? [{ setting: 'inferenceRouterHA', path: originOf(settings, 'inferenceRouterHA'), message: `The cluster has ${facts.nodeCount} node(s); a highly available router needs 3 (install fails with E40002). Set \`highAvailability: false\` or add nodes.` }] : [];
    },
    examples: {
      pass: [{ title: 'three nodes', overlay: { spec: { extension: { inference: { highAvailability: true } } } }, facts: { nodeCount: 3 } }],
      fail: [{ title: 'HA on two nodes', overlay: { spec: { extension: { inference: { highAvailability: true } } } }, facts: { nodeCount: 2 } }],
    },
  },
  {
    code: 'AMLK141',
    name: 'load-balancer-available',
    title: 'A LoadBalancer router needs load balancer provisioning',
    severity: 'error',
    category: 'cluster',
    needsFacts: true,
    doc: 'Clusters without a load balancer implementation (kind, minikube, many bare-metal clusters) leave the router service Pending and the install fails with E40001 LOAD_BALANCER_NOT_SUPPORT.',
    source: 'reference §2.13, §10 E40001',
    check: ({ settings, facts }) =>
      facts?.loadBalancerSupported === false && settingEnumValue('inferenceRouterServiceType', settings.plain.inferenceRouterServiceType) === 'LoadBalancer'
        ? [{ setting: 'inferenceRouterServiceType', path: originOf(settings, 'inferenceRouterServiceType'), atValue: true, message: 'The cluster cannot provision LoadBalancer services (install fails with E40001). Use `routerServiceType: NodePort` or `ClusterIP`, or install a load balancer such as MetalLB.' }]
        : [],
    examples: {
      pass: [{ title: 'NodePort on a cluster without LB', overlay: { spec: { extension: { inference: { routerServiceType: 'NodePort' } } } }, facts: { loadBalancerSupported: false } }],
      fail: [{ title: 'LoadBalancer on a cluster without LB', overlay: {}, facts: { loadBalancerSupported: false } }],
    },
  },
  {
    code: 'AMLK142',
    name: 'openshift-prerequisites',
    title: 'OpenShift needs security context constraints first',
    severity: 'warning',
    category: 'cluster',
    doc: 'On OpenShift the extension\'s service accounts must be added to the `privileged` SCC before install, and SELinux must be off on the workers. `aml-k8s render --as manifests` prints the list with your extension name and compute namespace. When Azure reports the distribution as OpenShift, aml-k8s sets `openshift=True` as the az CLI does.',
    source: 'reference §2.14, §9',
    check: ({ doc, facts }) => {
      const specSays = doc.spec.cluster.distribution?.toLowerCase() === 'openshift';
      const azureSays = facts?.distribution?.toLowerCase() === 'openshift';
      if (!specSays && !azureSays) return [];
      return [{
        path: specSays ? ['spec', 'cluster', 'distribution'] : ['spec', 'cluster'],
        setting: 'openshift',
        message: `${specSays ? '' : 'Azure reports this cluster as OpenShift. '}Before installing, add the extension's service accounts to the privileged SCC (\`aml-k8s render --as manifests\` lists them) and disable SELinux on the worker nodes.`,
      }];
    },
    examples: {
      pass: [{ title: 'not OpenShift', overlay: {} }],
      fail: [{ title: 'OpenShift', overlay: { spec: { cluster: { type: 'arc', distribution: 'openshift' } } } }],
    },
  },
  {
    code: 'AMLK143',
    name: 'kubernetes-version-window',
    title: 'Kubernetes version within the supported window',
    severity: 'warning',
    category: 'cluster',
    needsFacts: true,
    doc: 'The extension supports the same window as AKS: the latest generally available minor version and the two before it (N-2). Older clusters may install but are unsupported.',
    source: 'reference §9',
    check: ({ facts }) => {
      const have = minor(facts?.kubernetesVersion);
      const latest = minor(facts?.latestKubernetesMinor);
      if (have === undefined || latest === undefined || latest - have <= 2) return [];
      return [{ path: ['spec', 'cluster'], message: `The cluster runs Kubernetes ${facts!.kubernetesVersion}, outside the supported window (${facts!.latestKubernetesMinor} and two minor versions before). Upgrade the cluster.` }];
    },
    examples: {
      pass: [{ title: 'N-2', overlay: {}, facts: { kubernetesVersion: '1.31.2', latestKubernetesMinor: '1.33' } }],
      fail: [{ title: 'N-3', overlay: {}, facts: { kubernetesVersion: '1.30.4', latestKubernetesMinor: '1.33' } }],
    },
  },
  {
    code: 'AMLK144',
    name: 'aks-managed-identity',
    title: 'AKS must use a managed identity',
    severity: 'error',
    category: 'cluster',
    needsFacts: true,
    doc: 'The extension does not support AKS clusters that authenticate with a service principal. A cluster converted from a service principal to a managed identity needs its node pools recreated.',
    source: 'reference §9',
    check: ({ facts, doc }) =>
      doc.spec.cluster.type === 'aks' && facts?.identityType === 'ServicePrincipal'
        ? [{ path: ['spec', 'cluster'], message: 'This AKS cluster uses a service principal; the AzureML extension needs a managed identity. Run `az aks update --enable-managed-identity` and recreate the node pools.' }]
        : [],
    examples: {
      pass: [{ title: 'system-assigned', overlay: {}, facts: { identityType: 'SystemAssigned' } }],
      fail: [{ title: 'service principal', overlay: {}, facts: { identityType: 'ServicePrincipal' } }],
    },
  },
  {
    code: 'AMLK145',
    name: 'aks-local-accounts',
    title: 'AKS local accounts must stay enabled',
    severity: 'error',
    category: 'cluster',
    needsFacts: true,
    doc: 'The extension needs the AKS local accounts; with `disableLocalAccounts` the install cannot reach the cluster.',
    source: 'reference §9',
    check: ({ facts, doc }) =>
      doc.spec.cluster.type === 'aks' && facts?.localAccountsDisabled === true
        ? [{ path: ['spec', 'cluster'], message: 'Local accounts are disabled on this AKS cluster; the AzureML extension needs them. Run `az aks update --enable-local-accounts`.' }]
        : [],
    examples: {
      pass: [{ title: 'enabled', overlay: {}, facts: { localAccountsDisabled: false } }],
      fail: [{ title: 'disabled', overlay: {}, facts: { localAccountsDisabled: true } }],
    },
  },
  {
    code: 'AMLK146',
    name: 'authorized-ip-ranges',
    title: 'Authorized IP ranges must admit Azure ML',
    severity: 'warning',
    category: 'cluster',
    needsFacts: true,
    doc: 'When the AKS API server only accepts authorized IP ranges, the Azure ML control-plane ranges of both paired regions must be on the list, or jobs and endpoints cannot be managed.',
    source: 'reference §9',
    check: ({ facts }) =>
      facts?.authorizedIpRanges && facts.authorizedIpRanges.length > 0
        ? [{ path: ['spec', 'cluster'], message: `The API server admits only ${facts.authorizedIpRanges.length} authorized IP range(s). Add the AzureMachineLearning service-tag ranges of ${facts.location} and its paired region.` }]
        : [],
    examples: {
      pass: [{ title: 'open API server', overlay: {}, facts: { authorizedIpRanges: [] } }],
      fail: [{ title: 'restricted API server', overlay: {}, facts: { authorizedIpRanges: ['203.0.113.0/24'] } }],
    },
  },
  {
    code: 'AMLK147',
    name: 'region',
    title: 'Region where Arc-enabled machine learning is documented',
    severity: 'info',
    category: 'cluster',
    needsFacts: true,
    doc: 'Azure Arc-enabled machine learning is available where Arc-enabled Kubernetes is; the documented list is older than many regions. A cluster elsewhere may work but is worth checking.',
    source: 'reference §9 (2022 list)',
    check: ({ facts, doc }) =>
      doc.spec.cluster.type === 'arc' && facts?.location && !DOCUMENTED_REGIONS.includes(facts.location.toLowerCase())
        ? [{ path: ['spec', 'cluster'], message: `The cluster is in ${facts.location}, which is not in the documented region list; check that Arc-enabled machine learning is offered there.` }]
        : [],
    examples: {
      pass: [{ title: 'documented region', overlay: { spec: { cluster: { type: 'arc' } } }, facts: { location: 'westeurope' } }],
      fail: [{ title: 'other region', overlay: { spec: { cluster: { type: 'arc' } } }, facts: { location: 'swedencentral' } }],
    },
  },
  {
    code: 'AMLK148',
    name: 'cluster-type-matches',
    title: 'The cluster is of the declared type',
    severity: 'error',
    category: 'cluster',
    needsFacts: true,
    doc: 'The extension and compute paths differ between AKS (`Microsoft.ContainerService/managedClusters`) and Arc (`Microsoft.Kubernetes/connectedClusters`), and so do the settings Azure needs.',
    source: 'reference §3, §5',
    check: ({ facts, doc }) =>
      facts && facts.type !== doc.spec.cluster.type
        ? [{ path: ['spec', 'cluster', 'type'], atValue: true, message: `The cluster was found as ${facts.type === 'aks' ? 'an AKS' : 'an Arc-enabled'} cluster; set \`type: ${facts.type}\`.` }]
        : [],
    examples: {
      pass: [{ title: 'AKS as AKS', overlay: {}, facts: { type: 'aks' } }],
      fail: [{ title: 'AKS declared as Arc', overlay: { spec: { cluster: { type: 'arc' } } }, facts: { type: 'aks' } }],
    },
  },
];

