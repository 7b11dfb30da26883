import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Azure ML Kubernetes computes (aml-k8s spec files). `locations`: see @aml-k8s/plugin-azureml-compute-node. */
  azureMlCompute?: {
    /** The catalog module's entity provider. */
    catalog?: {
      /** Default: every 30 minutes, timeout 10 minutes. Always a global task. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Owner of computes whose spec names none. Default `unknown`. */
      defaultOwner?: string;
      /**
       * The cluster's resource entity each compute depends on. `{name}`, `{resourceGroup}`,
       * `{subscriptionId}` and `{type}` are replaced. Default `resource:default/{name}-cluster`.
       */
      clusterEntityRef?: string;
      /** Also emit a Resource entity (type kubernetes-cluster) per cluster. Default false. */
      emitClusters?: boolean;
      /** Entity namespace. Default `default`. */
      namespace?: string;
      /** System the computes belong to. */
      system?: string;
      /** Azure portal URL for entity links. Default https://portal.azure.com. */
      portalUrl?: string;
    };
  };
}
