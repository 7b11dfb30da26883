// What aml-k8s needs from a cluster's Kubernetes API: read an object, and apply one (server-side
// apply, field manager aml-k8s). The production implementation reads a kubeconfig
// (kubeconfig-api.ts); tests use the emulator's API servers through the same code.
import type { KubernetesObject } from '../desire/desired-state.ts';
import { AmlK8sError } from '../errors.ts';
import type { ClusterCoordinates } from '../model/resource-ids.ts';

export interface KubernetesApi {
  /** Where it talks to, for messages (the kubeconfig context). */
  readonly describe: string;
  /** The live object, or undefined when it does not exist. */
  read(object: KubernetesObject): Promise<KubernetesObject | undefined>;
  /** Creates or updates the object (server-side apply) and returns it as stored. */
  apply(object: KubernetesObject): Promise<KubernetesObject>;
}

/** The API of a spec's cluster; throws KubernetesApiError when there is none to use. */
export type KubernetesApiFor = (cluster: ClusterCoordinates) => Promise<KubernetesApi>;

/**
 * `kubernetes-not-configured`: no API to use for a cluster (the kubeconfig is unreadable, or has
 * no context for it); `kubernetes-call-failed`: the API server refused or failed a call.
 */
export type KubernetesApiErrorCode = 'kubernetes-not-configured' | 'kubernetes-call-failed';

/** A Kubernetes API call failed, or no API is configured for a cluster. `reason` is the API server's (e.g. `Forbidden`). */
export class KubernetesApiError extends AmlK8sError<KubernetesApiErrorCode> {
  override readonly name = 'KubernetesApiError';
  readonly status: number | undefined;
  readonly reason: string | undefined;
  constructor(code: KubernetesApiErrorCode, message: string, status?: number, reason?: string) {
    super(code, message);
    this.status = status;
    this.reason = reason;
  }
}
