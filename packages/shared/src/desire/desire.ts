// spec → desired state: the extension as `az k8s-extension create` would send it, the compute as
// `az ml compute attach` would, and the Kubernetes objects the docs have you apply by hand.
import { azureBool } from '../settings/catalog.ts';
import { settingsFromSpec } from '../settings/from-spec.ts';
import type { ComputeDocument } from '../model/types.ts';
import { logAnalyticsWorkspaceName, serviceBusNamespaceName } from './azure-names.ts';
import { cliSettings } from './cli-settings.ts';
import { DEFAULT_COMPUTE_NAMESPACE, desiredCompute } from './compute.ts';
import type { DesireContext, DesiredExtension, DesiredState, ExtensionBody, KubernetesManifest } from './desired-state.ts';
import { instanceTypeManifests } from './instance-types.ts';
import { privilegedSccPatch } from './openshift.ts';
import { protectedValues } from './protected-values.ts';
import { relayRequirement } from './relay.ts';
import { storageManifests } from './storage.ts';
import { EXTENSION_TYPE } from '../model/extension-type.ts';
import { CLUSTER_PROVIDERS, clusterResourceId, extensionResourceId } from '../model/resource-ids.ts';
import { tlsSecretTemplate } from './tls-secret.ts';

export const DEFAULT_EXTENSION_NAME = 'azureml';
export const RELEASE_NAMESPACE = 'azureml';
export const DEFAULT_RELEASE_TRAIN = 'stable';

function desiredExtension(doc: ComputeDocument, ctx: DesireContext): DesiredExtension {
  const cluster = doc.spec.cluster;
  const ext = doc.spec.extension ?? {};
  const name = ext.name ?? DEFAULT_EXTENSION_NAME;
  const clusterId = clusterResourceId(cluster);
  const location = ctx.facts?.location?.toLowerCase();
  const settings = cliSettings({ settings: ctx.settings ?? settingsFromSpec(doc), cluster, clusterId, ...(ctx.facts ? { facts: ctx.facts } : {}) });
  const resolve = ctx.resolveSecrets === true;
  const configurationProtectedSettings = protectedValues(settings.protected, { resolve, baseDir: ctx.specDir, env: ctx.env ?? process.env });
  const notes = [...settings.notes];

  const body: ExtensionBody = {
    extensionType: EXTENSION_TYPE,
    autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion ?? true,
    // The CLI sends a release train even with a pinned version.
    releaseTrain: ext.releaseTrain ?? DEFAULT_RELEASE_TRAIN,
    ...(ext.version !== undefined ? { version: ext.version } : {}),
    scope: { cluster: { releaseNamespace: RELEASE_NAMESPACE } },
    configurationSettings: settings.plain,
    configurationProtectedSettings,
    ...(cluster.type === 'arc' ? { identity: { type: 'SystemAssigned' as const } } : {}),
  };

  const relay = settings.needs.relay ? relayRequirement(cluster, location) : undefined;
  if (relay) {
    notes.push(`The extension needs an Azure Relay: namespace ${relay.namespaceName} with hybrid connection ${relay.hybridConnectionName} in resource group ${relay.resourceGroup}, created at apply time if missing (as az k8s-extension create does); its connection settings are added then.`);
  }
  if (settings.needs.serviceBus) {
    notes.push(`servicebus.enabled asks for an Azure Service Bus namespace (${serviceBusNamespaceName(cluster)}), which aml-k8s does not create. Give serviceBusConnectionString as a protected setting, or remove servicebus.enabled.`);
  }
  if (settings.needs.logAnalytics) {
    notes.push(`logAnalyticsWS asks for a Log Analytics workspace (${logAnalyticsWorkspaceName(cluster)}), which aml-k8s does not create. Give azure_log_analytics.customer_id as a setting and azure_log_analytics.connection_string as a protected setting, or remove logAnalytics.`);
  }
  if (!resolve && Object.values(configurationProtectedSettings).some((v) => !v.resolved)) {
    notes.push('Protected settings are placeholders here; their files and variables are read only when applying.');
  }

  const { rp, resourceName } = CLUSTER_PROVIDERS[cluster.type];
  return {
    id: extensionResourceId(cluster, name),
    clusterRp: rp,
    clusterResourceName: resourceName,
    clusterName: cluster.name,
    resourceGroup: cluster.resourceGroup,
    subscriptionId: cluster.subscriptionId,
    clusterId,
    name,
    managed: doc.spec.extension !== undefined,
    body,
    ...(relay ? { relay } : {}),
    notes,
  };
}

function desiredManifests(doc: ComputeDocument, extension: DesiredExtension): KubernetesManifest[] {
  const out: KubernetesManifest[] = [];
  const settings = extension.body.configurationSettings;
  if (azureBool(settings.openshift)) {
    out.push(privilegedSccPatch(extension.name, doc.spec.attach?.namespace ?? DEFAULT_COMPUTE_NAMESPACE));
  }
  const tls = doc.spec.extension?.inference?.tls;
  if (tls && 'secretName' in tls) out.push(tlsSecretTemplate(tls.secretName, tls.cname));
  const computeName = doc.spec.attach?.computeName ?? doc.metadata.name;
  out.push(...instanceTypeManifests(doc.spec.instanceTypes ?? {}, computeName));
  out.push(...storageManifests(doc.spec.storage ?? {}, doc.spec.attach?.namespace ?? DEFAULT_COMPUTE_NAMESPACE, computeName));
  return out;
}

export function desire(doc: ComputeDocument, ctx: DesireContext): DesiredState {
  const extension = desiredExtension(doc, ctx);
  const compute = desiredCompute(doc, extension.clusterId, ctx.workspaceLocation);
  return {
    name: doc.metadata.name,
    state: doc.spec.state ?? 'present',
    extension,
    ...(compute ? { compute } : {}),
    manifests: desiredManifests(doc, extension),
  };
}
