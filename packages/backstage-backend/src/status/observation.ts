// What Azure reports about the extensions and computes of a spec set, keyed by lower-case ARM ID.
// Only states and error texts: never settings, so nothing secret can travel further.

export interface ExtensionObservation {
  provisioningState?: string;
  version?: string;
  /** `errorInfo.message`, else the first `Error`-level status message. */
  errorMessage?: string;
}

export interface ComputeObservation {
  provisioningState?: string;
  /** The AKS/Arc cluster the compute is attached to. */
  resourceId?: string;
  errorMessage?: string;
}

export interface Observations {
  extensions: Map<string, ExtensionObservation>;
  computes: Map<string, ComputeObservation>;
  /** ARM requests the observation cost. */
  requests: number;
}

/** What to observe: the ARM IDs the specs point at. */
export interface StatusTargets {
  extensionIds: string[];
  computeIds: string[];
}

export interface StatusReader {
  observe(targets: StatusTargets): Promise<Observations>;
}

export const idKey = (id: string): string => id.toLowerCase();
