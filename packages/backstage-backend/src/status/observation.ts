// What Azure reports about the extensions and computes of a spec set, keyed by lower-case ARM ID,
// in the core's terms (the gateway's ObservedExtension and ObservedCompute). Only states, versions
// and error texts are used from them: never settings, so nothing secret travels further.
import type { ObservedCompute, ObservedExtension } from '@aml-k8s/shared';

export type { ObservedCompute, ObservedExtension };

export interface Observations {
  extensions: Map<string, ObservedExtension>;
  computes: Map<string, ObservedCompute>;
  /** ARM calls the observation cost: Resource Graph pages, compute lists (one per workspace, its pages included), extension GETs. */
  requests: number;
  /** The same calls by kind. */
  calls?: ObservationCalls;
}

export interface ObservationCalls {
  graphQueries: number;
  graphPages: number;
  computeLists: number;
  extensionGets: number;
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

/** `errorInfo.message`, else the first `Error`-level status message. */
export function extensionErrorMessage(e: ObservedExtension | undefined): string | undefined {
  if (!e) return undefined;
  return e.errorInfo?.message || e.errorInfo?.code || e.statuses?.find((s) => (s.level ?? '').toLowerCase() === 'error')?.message || undefined;
}

/** The version installed (`currentVersion`), else the pinned one. */
export const installedVersion = (e: ObservedExtension | undefined): string | undefined => e?.currentVersion ?? e?.version;
