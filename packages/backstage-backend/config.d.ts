import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Azure ML Kubernetes computes (aml-k8s spec files): catalog, live status, template actions. */
  azureMlCompute?: {
    // `locations` (where the spec files are): see @aml-k8s/plugin-azureml-compute-node, which reads them.
    /** Status refresh. Default: every 5 minutes, timeout 4 minutes. Always a global task. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    history?: {
      /** Transitions older than this many days are dropped. Default 90. */
      retentionDays?: number;
      /** Transitions returned by GET /computes/:name. Default 100. */
      limit?: number;
    };
    /** How the status refresh reaches Azure Resource Manager. */
    azure?: {
      /** Default https://management.azure.com (or AML_K8S_ARM_ENDPOINT). Sovereign clouds differ. */
      armEndpoint?: string;
      /** Entra authority, e.g. https://login.microsoftonline.us. Instance discovery is off for non-public ones. */
      authorityHost?: string;
      /** Service principal; without it AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE are used. */
      tenantId?: string;
      clientId?: string;
      /** @visibility secret */
      clientSecret?: string;
      /** `resourceGraph` (default): one query for every compute; `list`: one compute list per workspace. */
      computeSource?: 'resourceGraph' | 'list';
      /** Resource Graph page size, at most 1000 (default). */
      pageSize?: number;
    };
    // `catalog`: see @aml-k8s/plugin-catalog-backend-module-azureml-compute.
  };
}
