// What a spec file asks Azure and the cluster to look like: the ARM extension and compute request
// bodies (typed against the real SDK models) and the Kubernetes objects to apply by hand.
import type { Extension } from '@azure/arm-kubernetesconfiguration';
import type { ComputeResource, Kubernetes } from '@azure/arm-machinelearning';
import type { ClusterFacts } from '../model/facts.ts';
import type { ClusterResourceName, ClusterRp } from '../model/resource-ids.ts';
import type { SecretValue } from '../secrets/secret-value.ts';

import type { ExtensionSettings } from '../settings/from-spec.ts';

export interface DesireContext {
  /** Live facts about the cluster; without them location-derived settings are left out. */
  facts?: ClusterFacts;
  /** Region of the workspace, used as the compute's location. */
  workspaceLocation?: string;
  /** Folder of the spec file; secret file references are relative to it. */
  specDir: string;
  /** Read secret files and variables (apply). Default false: protected values are placeholders (render). */
  resolveSecrets?: boolean;
  /** Environment for `{ env }` references; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The spec's extension settings as validation mapped them; mapped again when absent. */
  settings?: ExtensionSettings;
}

/** The SDK `Extension` request fields, with protected values held as SecretValues. */
export interface ExtensionBody extends Pick<Extension, 'identity' | 'version'> {
  extensionType: string;
  autoUpgradeMinorVersion: boolean;
  releaseTrain: string;
  scope: { cluster: { releaseNamespace: string } };
  configurationSettings: Record<string, string>;
  configurationProtectedSettings: Record<string, SecretValue>;
}

/** An Azure Relay the extension needs (Arc), created at apply time as `az k8s-extension create` does. */
export interface RelayRequirement {
  subscriptionId: string;
  resourceGroup: string;
  /** The cluster's region; unknown without cluster facts. */
  location?: string;
  namespaceName: string;
  hybridConnectionName: string;
  /** Resource ID the hybrid connection will have. */
  hybridConnectionId: string;
  authorizationRuleName: string;
  rights: readonly string[];
  tags: Readonly<Record<string, string>>;
}

export interface DesiredExtension {
  /** ARM resource path of the extension. */
  id: string;
  clusterRp: ClusterRp;
  clusterResourceName: ClusterResourceName;
  clusterName: string;
  resourceGroup: string;
  subscriptionId: string;
  /** ARM resource ID of the cluster. */
  clusterId: string;
  name: string;
  /** False when the spec has no extension block: the extension is expected to exist, not changed. */
  managed: boolean;
  body: ExtensionBody;
  /** Set when the extension needs an Azure Relay that does not exist yet (Arc without a connection string). */
  relay?: RelayRequirement;
  /** What aml-k8s derived, assumed or left out, for people reading a render or plan. */
  notes: string[];
}

export type KubernetesComputeBody = Omit<ComputeResource, 'properties'> & { properties: Kubernetes };

export interface DesiredCompute {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  name: string;
  body: KubernetesComputeBody;
  notes: string[];
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/** A Kubernetes object to apply, or a change to an existing object that cannot be written declaratively. */
export type KubernetesManifest =
  | {
      form: 'object';
      /** One line saying what the object is for. */
      title: string;
      object: KubernetesObject;
      /** The object has placeholders to fill in before applying (e.g. a TLS secret). */
      template?: boolean;
    }
  | {
      form: 'patch';
      title: string;
      target: { apiVersion: string; kind: string; name: string; namespace?: string };
      patchType: 'json';
      patch: JsonPatchOperation[];
      /** Commands that apply the change. */
      commands: string[];
    };

export interface DesiredState {
  /** `metadata.name` of the spec. */
  name: string;
  /** `absent` asks for the compute to be detached and the extension removed. */
  state: 'present' | 'absent';
  extension: DesiredExtension;
  /** Absent when the spec has no `attach` block. */
  compute?: DesiredCompute;
  manifests: KubernetesManifest[];
}
