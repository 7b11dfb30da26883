// Names of the Azure resources `az k8s-extension create` makes for the AzureML extension. They are
// deterministic, so aml-k8s finds the ones the az CLI made and makes the same ones itself.
import { createHash } from 'node:crypto';

interface ClusterCoordinates {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
}

/** Keeps letters and digits; when too long, cuts and appends the first `suffixLength` hex digits of md5(input). */
export function validName(input: string, suffixLength: number, maxLength: number): string {
  const normalized = input.replace(/[^A-Za-z0-9]/g, '');
  if (normalized === '') throw new Error(`Cannot derive an Azure resource name from "${input}": it has no letters or digits.`);
  if (normalized.length <= maxLength) return normalized;
  const suffix = Math.min(suffixLength, maxLength);
  return normalized.slice(0, maxLength - suffix) + createHash('md5').update(input, 'utf8').digest('hex').slice(0, suffix);
}

export function relayNamespaceName(cluster: ClusterCoordinates): string {
  return validName(`${cluster.name}-${cluster.subscriptionId}-${cluster.resourceGroup}-relay`, 6, 50);
}

export function serviceBusNamespaceName(cluster: ClusterCoordinates): string {
  return validName(`${cluster.name}-${cluster.subscriptionId}-${cluster.resourceGroup}-service-bus`, 6, 50);
}

export function logAnalyticsWorkspaceName(cluster: ClusterCoordinates): string {
  return validName(`${cluster.name}-${cluster.subscriptionId}-${cluster.resourceGroup}`, 6, 63);
}
