export interface Config {
  /** Azure ML Kubernetes computes (aml-k8s spec files): catalog, live status, template actions. */
  azureMlCompute?: {
    /**
     * Where the spec files are: a local folder or file (`file`, for development; relative paths
     * start at the backend's working directory), or a folder or file in a repository (`url`, read
     * through the integrations' UrlReader). Read by the backend plugin and the catalog module.
     */
    locations?: Array<{
      type: 'file' | 'url';
      target: string;
    }>;
  };
}
