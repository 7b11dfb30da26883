// A synthetic fleet of computes (benchmarks, scale tests): `count` AKS computes, each on its own
// cluster, spread over `workspaces` workspaces in `subscriptions` subscriptions.
import type { LocatedSpecText, SpecReadResult, SpecSource } from '@aml-k8s/plugin-azureml-compute-node';

export interface FleetOptions {
  workspaces?: number;
  subscriptions?: number;
}

const subscriptionId = (s: number): string => `00000000-0000-0000-0000-${String(100 + s).padStart(12, '0')}`;

export function fleetSpecs(count: number, options: FleetOptions = {}): LocatedSpecText[] {
  const workspaces = options.workspaces ?? 50;
  const subscriptions = options.subscriptions ?? 5;
  return Array.from({ length: count }, (_, i) => {
    const w = i % workspaces;
    const sub = subscriptionId(w % subscriptions);
    return {
      location: `fleet/compute-${i}.yaml`,
      locationType: 'file' as const,
      text: `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: fleet-${i}x, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: ${sub}, resourceGroup: fleet-rg-${w}, name: aks-fleet-${i} }
  extension:
    training: true
    inference: { routerServiceType: LoadBalancer, highAvailability: false, tls: { insecure: true } }
  attach:
    workspace: { resourceGroup: ml-rg-${w}, name: ml-workspace-${w} }
`,
    };
  });
}

/** Spec files held in memory. */
export class StaticSpecSource implements SpecSource {
  readonly #files: LocatedSpecText[];
  constructor(files: LocatedSpecText[]) {
    this.#files = files;
  }
  async read(): Promise<SpecReadResult> {
    return { files: this.#files, failures: [] };
  }
}
