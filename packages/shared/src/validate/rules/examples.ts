// Builds the spec a rule example describes: a valid base spec with the example's overlay applied.
import { stringify } from 'yaml';
import type { ClusterFacts } from '../../model/facts.ts';
import type { RuleExample, SpecOverlay } from './rule.ts';

export const BASE_EXAMPLE: SpecOverlay = {
  apiVersion: 'aml-k8s/v1',
  kind: 'KubernetesCompute',
  metadata: { name: 'ml-compute', owner: 'group:default/ml-platform' },
  spec: {
    cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-rg', name: 'aks-ml' },
    extension: {
      training: true,
      inference: { routerServiceType: 'LoadBalancer', highAvailability: false, tls: { insecure: true } },
    },
    attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' }, namespace: 'default', identity: { type: 'SystemAssigned' } },
  },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep merge where `null` in the overlay deletes the field. */
export function applyOverlay(base: SpecOverlay, overlay: SpecOverlay): SpecOverlay {
  const out: SpecOverlay = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = applyOverlay(out[k] as SpecOverlay, v);
    else out[k] = v;
  }
  return out;
}

/** The YAML text of an example spec (or the raw text the example gives). */
export function exampleText(overlay: SpecOverlay): string {
  if (typeof overlay['@text'] === 'string') return overlay['@text'];
  return stringify(applyOverlay(BASE_EXAMPLE, overlay));
}

export function exampleFacts(example: RuleExample, type: 'aks' | 'arc'): ClusterFacts | undefined {
  if (!example.facts) return undefined;
  return { id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/x/y/aks-ml', type, location: 'eastus', ...example.facts };
}
