// What aml-k8s needs from a cluster's Kubernetes API: read an object, and apply one (server-side
// apply, field manager aml-k8s). The production implementation reads a kubeconfig
// (kubeconfig-api.ts); tests use the emulator's API servers through the same code.
import type { KubernetesObject } from '../desire/desired-state.ts';
import type { ClusterRef } from '../spec/types.ts';

export interface KubernetesApi {
  /** Where it talks to, for messages (the kubeconfig context). */
  readonly describe: string;
  /** The live object, or undefined when it does not exist. */
  read(object: KubernetesObject): Promise<KubernetesObject | undefined>;
  /** Creates or updates the object (server-side apply) and returns it as stored. */
  apply(object: KubernetesObject): Promise<KubernetesObject>;
}

/** The API of a spec's cluster; throws KubernetesApiError when there is none to use. */
export type KubernetesApiFor = (cluster: Pick<ClusterRef, 'type' | 'subscriptionId' | 'resourceGroup' | 'name'>) => Promise<KubernetesApi>;

/** A Kubernetes API call failed, or no API is configured for a cluster. */
export class KubernetesApiError extends Error {
  readonly status: number | undefined;
  readonly reason: string | undefined;
  constructor(message: string, status?: number, reason?: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}
