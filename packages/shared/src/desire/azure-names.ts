// Names of the Azure resources `az k8s-extension create` makes for the AzureML extension. They are
// deterministic, so aml-k8s finds the ones the az CLI made and makes the same ones itself.
import { createHash } from 'node:crypto';
import type { ClusterCoordinates } from '../model/resource-ids.ts';

/** The names depend on where the cluster is, not on its kind. */
type ClusterPlace = Omit<ClusterCoordinates, 'type'>;

/** Keeps letters and digits; when too long, cuts and appends the first `suffixLength` hex digits of md5(input). */
export function validName(input: string, suffixLength: number, maxLength: number): string {
  const normalized = input.replace(/[^A-Za-z0-9]/g, '');
  if (normalized === '') throw new Error(`Cannot derive an Azure resource name from "${input}": it has no letters or digits.`);
  if (normalized.length <= maxLength) return normalized;
  const suffix = Math.min(suffixLength, maxLength);
  return normalized.slice(0, maxLength - suffix) + createHash('md5').update(input, 'utf8').digest('hex').slice(0, suffix);
}

export function relayNamespaceName(cluster: ClusterPlace): string {
  return validName(`${cluster.name}-${cluster.subscriptionId}-${cluster.resourceGroup}-relay`, 6, 50);
}

export function serviceBusNamespaceName(cluster: ClusterPlace): string {
  return validName(`${cluster.name}-${cluster.subscriptionId}-${cluster.resourceGroup}-service-bus`, 6, 50);
}

export function logAnalyticsWorkspaceName(cluster: ClusterPlace): string {
  return validName(`${cluster.name}-${cluster.subscriptionId}-${cluster.resourceGroup}`, 6, 63);
}
