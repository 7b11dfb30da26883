import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Azure ML Kubernetes computes (aml-k8s spec files): catalog, live status, template actions. */
  azureMlCompute?: {
    /**
     * Where the spec files are: a local folder or file (`file`, for development; relative paths
     * start at the backend's working directory), or a folder or file in a repository (`url`, read
     * through the integrations' UrlReader).
     */
    locations?: Array<{
      type: 'file' | 'url';
      target: string;
    }>;
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
