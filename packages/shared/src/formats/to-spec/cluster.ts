// Where the extension and the compute of a source are: the cluster's coordinates and the
// workspace's, from literal ARM IDs when the source writes them, from the deployment scope when the
// file is deployed to a resource group it does not name (Bicep, ARM templates), else placeholders.
import { parseClusterId } from '../../model/resource-ids.ts';
import type { ClusterCoordinates } from '../../model/resource-ids.ts';
import type { ClusterType, WorkspaceRef } from '../../model/types.ts';
import { asObject, isExpression } from '../found-resource.ts';
import type { FoundResource } from '../found-resource.ts';
import { FOUND_IMPORT_CODES } from './diagnostics.ts';
import type { FoundSink } from './diagnostics.ts';
import { expressionKind, placeholder } from './values.ts';

/** The subscription and resource group a template file is deployed to (`az deployment group create`). */
export interface DeploymentScope {
  subscriptionId?: string;
  resourceGroup?: string;
}

export interface FoundCluster {
  coords: ClusterCoordinates;
  /** Every coordinate was written literally (or given as the deployment scope). */
  complete: boolean;
  /** What tells this cluster apart from others in the input: `type/name`, or the expression's text. */
  key: string;
}

/** A literal cluster name after its type: `.../managedClusters/NAME` or `resourceId('...managedClusters', 'NAME')`. */
const CLUSTER_NAME_IN_TEXT = /(managedClusters|connectedClusters)(?:\/|'\s*,\s*')([A-Za-z0-9_.-]+)/i;

const keyOf = (type: ClusterType, name: string): string => `${type}/${name}`.toLowerCase();

/** The cluster an ARM ID names, as a found cluster; undefined when it names none. */
export function clusterFromId(id: string): FoundCluster | undefined {
  const coords = parseClusterId(id);
  return coords ? { coords, complete: true, key: keyOf(coords.type, coords.name) } : undefined;
}

function inDeployment(type: ClusterType, name: string, r: FoundResource, scope: DeploymentScope | undefined, sink: FoundSink): FoundCluster {
  const subscriptionId = scope?.subscriptionId ?? '<subscription-id>';
  const resourceGroup = scope?.resourceGroup ?? '<cluster-resource-group>';
  if (!scope?.subscriptionId || !scope.resourceGroup) {
    sink.at(r, ['scope'], 'warning', FOUND_IMPORT_CODES.deployment, `The cluster ${name} is in the resource group this file is deployed to, which the file does not name: spec.cluster keeps ${[scope?.subscriptionId ? '' : 'subscriptionId', scope?.resourceGroup ? '' : 'resourceGroup'].filter(Boolean).join(' and ')} as placeholders. Fill in where you deploy it (aml-k8s import takes it as --subscription and --resource-group).`);
  }
  return { coords: { type, subscriptionId, resourceGroup, name }, complete: Boolean(scope?.subscriptionId && scope.resourceGroup), key: keyOf(type, name) };
}

function unknownCluster(type: ClusterType, ref: string, r: FoundResource, sink: FoundSink): FoundCluster {
  sink.at(r, [], 'warning', FOUND_IMPORT_CODES.expression, `The cluster is ${ref ? `\`${ref}\`, ${expressionKind(r)}` : 'not named'}, unknown before deployment: spec.cluster holds placeholders. Fill in the cluster's subscription, resource group and name.`);
  return { coords: { type, subscriptionId: '<subscription-id>', resourceGroup: '<cluster-resource-group>', name: ref ? placeholder({ text: ref }) : '<cluster-name>' }, complete: false, key: ref.toLowerCase() };
}

/** The cluster an extension is installed on. */
export function extensionCluster(r: FoundResource, scope: DeploymentScope | undefined, sink: FoundSink): FoundCluster {
  const type = r.cluster.type ?? 'aks';
  const byId = r.cluster.id ? clusterFromId(r.cluster.id) : undefined;
  if (byId) return byId;
  const ref = r.cluster.ref ?? '';
  const named = CLUSTER_NAME_IN_TEXT.exec(ref);
  if (named && (r.format === 'bicep' || r.format === 'arm')) return inDeployment(type, named[2]!, r, scope, sink);
  return unknownCluster(type, ref, r, sink);
}

/** The cluster a compute attaches, from its `resourceId`. */
export function computeCluster(r: FoundResource, sink: FoundSink): FoundCluster {
  const id = asObject(r.body.properties)?.resourceId;
  if (typeof id === 'string') {
    const found = clusterFromId(id);
    if (found) return found;
    sink.at(r, ['properties', 'resourceId'], 'warning', FOUND_IMPORT_CODES.unsupported, `resourceId "${id}" names no AKS or Arc cluster: spec.cluster holds placeholders. Give the cluster's ARM ID.`);
  }
  const ref = isExpression(id) ? id.text : (r.cluster.ref ?? '');
  return unknownCluster(r.cluster.type ?? 'aks', ref, r, sink);
}

const WORKSPACE_ID = /^\/?subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/?$/i;

/** The workspace a compute belongs to. */
export function computeWorkspace(r: FoundResource, scope: DeploymentScope | undefined, sink: FoundSink): WorkspaceRef {
  if (typeof r.parentId === 'string') {
    const m = WORKSPACE_ID.exec(r.parentId);
    if (m) return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
  }
  if (isExpression(r.parentId) || isExpression(r.workspace)) {
    const text = isExpression(r.parentId) ? r.parentId.text : (r.workspace as { text: string }).text;
    sink.at(r, [], 'warning', FOUND_IMPORT_CODES.expression, `The workspace is \`${text}\`, ${expressionKind(r)} unknown before deployment: spec.attach.workspace holds placeholders. Fill them in.`);
    return { resourceGroup: '<workspace-resource-group>', name: placeholder({ text }) };
  }
  const name = typeof r.workspace === 'string' ? r.workspace : '<workspace-name>';
  if (!scope?.subscriptionId || !scope.resourceGroup || typeof r.workspace !== 'string') {
    const where = r.format === 'azml' ? 'az ml compute create takes the workspace on its command line (--workspace-name, --resource-group)' : 'the file does not name the resource group it is deployed to';
    sink.at(r, [], 'warning', FOUND_IMPORT_CODES.deployment, `The workspace${typeof r.workspace === 'string' ? ` ${name}` : ''} is not fully named here (${where}): spec.attach.workspace keeps placeholders${scope?.subscriptionId ? '' : ' and is taken to be in the cluster\'s subscription'}. Fill them in (aml-k8s import takes the workspace's as --subscription and --resource-group).`);
  }
  // Without a subscription the spec's default applies: the cluster's.
  return { ...(scope?.subscriptionId ? { subscriptionId: scope.subscriptionId } : {}), resourceGroup: scope?.resourceGroup ?? '<workspace-resource-group>', name };
}
