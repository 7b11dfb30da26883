// Settings that aml-k8s (like `az k8s-extension create`) adds to the extension request itself: the
// cluster's ID and name, the relay/service bus/ingress switches, the inference front end's keys.
// An imported setting equal to what aml-k8s would derive from the rest is left out of the spec, so
// the spec says what was chosen rather than what follows from it; one that differs is kept.
import { cliSettings } from '../../desire/cli-settings.ts';
import { clusterResourceId } from '../../model/resource-ids.ts';
import type { ClusterCoordinates } from '../../model/resource-ids.ts';
import type { ComputeDocument } from '../../model/types.ts';
import { SPEC_API_VERSION, SPEC_KIND } from '../../model/types.ts';
import { settingsFromSpec } from '../../settings/from-spec.ts';
import { settingsToSpec } from '../../settings/to-spec.ts';
import type { RawSettingValue } from '../../settings/to-spec.ts';

export const DERIVED_KEYS: readonly string[] = [
  'cluster_name',
  'clusterId',
  'prometheus.prometheusSpec.externalLabels.cluster_name',
  'cluster_name_friendly',
  'servicebus.enabled',
  'relayserver.enabled',
  'nginxIngress.enabled',
  'scoringFe.serviceType.nodePort',
  'scoringFe.serviceType.internalLoadBalancer',
  'scoringFe.sslSecret',
  'scoringFe.namespace',
  'scoringFe.sslCert',
  'scoringFe.sslKey',
  'relayserver.relayConnectionString',
  'servicebus.connectionString',
];

export interface SettingMaps {
  plain: Record<string, RawSettingValue>;
  protected: Record<string, string>;
}

const text = (v: RawSettingValue): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

function without(map: Record<string, RawSettingValue>, drop: (k: string) => boolean): Record<string, RawSettingValue> {
  const out = Object.create(null) as Record<string, RawSettingValue>;
  for (const [k, v] of Object.entries(map)) if (!drop(k)) out[k] = v;
  return out;
}

/** What aml-k8s sends for these settings on this cluster (protected values as keys only). */
function sent(maps: SettingMaps, cluster: ClusterCoordinates): { plain: Record<string, string>; protectedKeys: Set<string> } {
  const fields = settingsToSpec(maps);
  const doc: ComputeDocument = { apiVersion: SPEC_API_VERSION, kind: SPEC_KIND, metadata: { name: 'imported' }, spec: { cluster: { ...cluster, ...(fields.distribution ? { distribution: fields.distribution } : {}) }, extension: fields.extension } };
  const cli = cliSettings({ settings: settingsFromSpec(doc), cluster, clusterId: clusterResourceId(cluster) });
  return { plain: cli.plain, protectedKeys: new Set(Object.keys(cli.protected)) };
}

/** The keys of `maps` that aml-k8s would derive with the same value from the other settings. */
export function derivedKeys(maps: SettingMaps, cluster: ClusterCoordinates): { plain: string[]; protected: string[] } {
  const present = (map: Record<string, unknown>): string[] => DERIVED_KEYS.filter((k) => Object.hasOwn(map, k));
  let kept = new Set<string>();
  let result = { plain: [] as string[], protected: [] as string[] };
  // Kept keys feed what is derived (cluster_name is copied to clusterId), so settle in a few rounds.
  for (let round = 0; round < 4; round += 1) {
    const drop = (k: string): boolean => DERIVED_KEYS.includes(k) && !kept.has(k);
    const base = { plain: without(maps.plain, drop), protected: without(maps.protected, drop) as Record<string, string> };
    const derived = sent(base, cluster);
    result = {
      plain: present(maps.plain).filter((k) => !kept.has(k) && derived.plain[k] === text(maps.plain[k]!)),
      protected: present(maps.protected).filter((k) => !kept.has(k) && derived.protectedKeys.has(k)),
    };
    const next = new Set([...kept, ...present(maps.plain).filter((k) => !result.plain.includes(k)), ...present(maps.protected).filter((k) => !result.protected.includes(k))]);
    if (next.size === kept.size) break;
    kept = next;
  }
  return result;
}
