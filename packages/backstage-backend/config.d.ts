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
      /**
       * The kind of Azure credential. Unset: AML_K8S_CREDENTIAL, else the first that applies of
       * `environment` (AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET or
       * AZURE_CLIENT_CERTIFICATE_PATH, or tenantId + clientId + clientSecret below),
       * `workload-identity` (AKS webhook: AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_FEDERATED_TOKEN_FILE),
       * `managed-identity` (when IDENTITY_ENDPOINT or MSI_ENDPOINT is set, as on App Service and
       * Container Apps, or managedIdentityClientId is), `azure-cli`. A VM or AKS without the
       * workload identity webhook shows no sign of its managed identity: set `managed-identity`.
       * @visibility backend
       */
      credential?: 'environment' | 'workload-identity' | 'managed-identity' | 'azure-cli';
      /**
       * Client ID of a user-assigned managed identity (default: AZURE_CLIENT_ID, else the
       * system-assigned identity).
       * @visibility backend
       */
      managedIdentityClientId?: string;
      /** Service principal (credential `environment`); without it AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are used. */
      tenantId?: string;
      clientId?: string;
      /** @visibility secret */
      clientSecret?: string;
      /**
       * Where extension states come from. `resourceGraph` (default): one Azure Resource Graph query
       * (`kubernetesconfigurationresources`) for every extension, and a GET for each extension the
       * graph does not return yet (its index lags ARM); `get`: a GET per extension. Computes are
       * always read with the compute list API, one list per workspace: Resource Graph does not
       * index them.
       */
      extensionSource?: 'resourceGraph' | 'get';
      /** Workspaces (ARM IDs) whose computes are listed besides those the specs reference. */
      workspaces?: string[];
      /** Also list every workspace Resource Graph finds in the specs' subscriptions. Default false. */
      discoverWorkspaces?: boolean;
      /** Compute lists and extension GETs in flight at once. Default 8. */
      concurrency?: number;
      /** Resource Graph page size, at most 1000 (default). */
      pageSize?: number;
      /** @deprecated No longer used (computes are always listed per workspace); logged as a warning. */
      computeSource?: string;
    };
    // `catalog`: see @aml-k8s/plugin-catalog-backend-module-azureml-compute.
  };
}
