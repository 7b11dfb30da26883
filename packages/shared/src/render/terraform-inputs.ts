// What a Terraform or Bicep rendering needs besides the ARM bodies: the specs it renders, and where
// each protected setting's value comes from, so that the variable (or parameter) standing in for it
// can say so. Values are never read here.
import { cliSettings } from '../desire/cli-settings.ts';
import type { ProtectedSource } from '../desire/cli-settings.ts';
import type { DesiredState } from '../desire/desired-state.ts';
import type { ComputeDocument, SecretRef } from '../model/types.ts';
import { settingsFromSpec } from '../settings/from-spec.ts';

/** One spec to render: the document and the desired state built from it. */
export interface IacSpec {
  /** The spec file, named in comments. */
  file?: string;
  doc: ComputeDocument;
  state: DesiredState;
}

const refText = (ref: SecretRef): string => ('file' in ref ? `the file ${ref.file}` : `the environment variable ${ref.env}`);

function describe(key: string, source: ProtectedSource | undefined): string {
  if (!source) return `Protected setting ${key}.`;
  switch (source.kind) {
    case 'ref':
      return `Protected setting ${key}: the content of ${refText(source.ref)} in the spec.`;
    case 'pem-base64':
      return `Protected setting ${key}: the base64 of the PEM text in ${refText(source.ref)} (the spec's ${source.from}).`;
    case 'reference':
      return `Protected setting ${key}: the PEM file reference the az CLI sends as is (${refText(source.ref)} in the spec).`;
  }
}

/** Where each protected setting of the extension request comes from, by setting key. */
export function protectedSources(spec: IacSpec): Record<string, string> {
  const ext = spec.state.extension;
  const sources = cliSettings({ settings: settingsFromSpec(spec.doc), cluster: spec.doc.spec.cluster, clusterId: ext.clusterId }).protected;
  return Object.fromEntries(Object.keys(ext.body.configurationProtectedSettings).map((key) => [key, describe(key, Object.hasOwn(sources, key) ? sources[key] : undefined)]));
}

/** Versions used to read the cluster (its region); any GA version returns `location`. */
export const CLUSTER_RESOURCE_TYPES = { aks: 'Microsoft.ContainerService/managedClusters@2024-02-01', arc: 'Microsoft.Kubernetes/connectedClusters@2024-01-01' } as const;

/**
 * Settings az derives from the cluster's region. Without cluster facts the ARM rendering leaves them
 * out (aml-k8s adds them at apply time); a Terraform or Bicep deployment must read the region itself.
 */
export const REGION_SETTINGS = ['domain', 'location', 'jobSchedulerLocation'] as const;

/** The region settings the request lacks, given the expressions for the cluster's location and domain. */
export function missingRegionSettings(plain: Record<string, unknown>, expressions: { location: string; domain: string }): Record<string, string> {
  const values: Record<(typeof REGION_SETTINGS)[number], string> = { domain: expressions.domain, location: expressions.location, jobSchedulerLocation: expressions.location };
  return Object.fromEntries(REGION_SETTINGS.filter((k) => !Object.hasOwn(plain, k)).map((k) => [k, values[k]]));
}

/** The ARM ID of the workspace a compute belongs to. */
export function workspaceId(subscriptionId: string, resourceGroup: string, workspaceName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspaceName}`;
}
