// The extension's documented install failures, and what to do about each.

export interface KnownFailure {
  code: string;
  name: string;
  remedy: string;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [
  { code: 'E40000', name: 'UNKNOWN_ERROR', remedy: 'The health check failed for an unknown reason: read `kubectl logs healthcheck -n azureml` and the arcml-healthcheck ConfigMap.' },
  { code: 'E40001', name: 'LOAD_BALANCER_NOT_SUPPORT', remedy: 'The cluster cannot provision a LoadBalancer service: install a load balancer (e.g. MetalLB) or set `inference.routerServiceType` to NodePort or ClusterIP.' },
  { code: 'E40002', name: 'INSUFFICIENT_NODE', remedy: 'A highly available router needs at least 3 nodes: set `inference.highAvailability: false` or add nodes.' },
  { code: 'E40003', name: 'INTERNAL_LOAD_BALANCER_NOT_SUPPORT', remedy: 'Internal load balancers work on AKS with provider `azure` only: remove `inference.internalLoadBalancer`.' },
  { code: 'E40004', name: 'AZUREML_FE_DEPLOYMENT_NOT_FOUND', remedy: 'The inference router deployment is missing: check the cluster has room for it (each replica needs about 0.5 CPU and 500Mi).' },
  { code: 'E40005', name: 'AZUREML_FE_SCALE_UP_TIMEOUT', remedy: 'The inference router did not scale up in time: check node capacity and pending pods in namespace azureml.' },
  { code: 'E40006', name: 'AZUREML_FE_UPDATE_REPLICAS_FAILED', remedy: 'The inference router replicas could not be updated: check node capacity and events in namespace azureml.' },
  { code: 'E40007', name: 'INVALID_SSL_SETTING', remedy: 'The TLS certificate and key do not match or do not cover the CNAME: check them with `openssl x509 -noout -text -in cert.pem`.' },
  { code: 'E45001', name: 'AGENT_UNHEALTHY', remedy: 'The Azure Arc agents are unhealthy: run `az connectedk8s upgrade` and check the azure-arc namespace.' },
  { code: 'E45002', name: 'PROMETHEUS_CONFLICT', remedy: 'A Prometheus operator is already installed: set `components.prometheusOperator: false` and make it watch namespace azureml.' },
  { code: 'E45003', name: 'BAD_NETWORK_CONNECTIVITY', remedy: 'The cluster cannot reach Azure: open the outbound network rules the extension needs.' },
  { code: 'E45004', name: 'AZUREML_FE_ROLE_CONFLICT', remedy: 'Leftovers of the AKS v1 inference setup: delete the azureml-fe service account, cluster role azureml-fe-role and binding azureml-fe-binding.' },
  { code: 'E45005', name: 'AZUREML_FE_DEPLOYMENT_CONFLICT', remedy: 'Leftovers of the AKS v1 inference setup: delete deployment and service azureml-fe, service azureml-fe-int-http, secret azuremlfessl and ConfigMap azuremlfeconfig.' },
  { code: 'E49999', name: 'CHECKER_PANIC', remedy: 'The health check crashed: read `kubectl logs healthcheck -n azureml`.' },
];

const HELM_CONFLICTS: readonly { pattern: RegExp; remedy: string }[] = [
  { pattern: /nvidia/i, remedy: 'An NVIDIA device plugin not managed by the extension is already installed: set `components.nvidiaDevicePlugin: false`.' },
  { pattern: /volcano/i, remedy: 'A Volcano installation not managed by the extension exists: set `components.volcano: false` to reuse it.' },
];

/** The documented failure a message mentions (by code or name), with its remedy. */
export function explainFailure(message: string | undefined): KnownFailure | undefined {
  if (!message) return undefined;
  const known = KNOWN_FAILURES.find((f) => message.includes(f.code) || message.includes(f.name));
  if (known) return known;
  if (/owner|ownership|managed-by|cannot be imported into the current release/i.test(message)) {
    const conflict = HELM_CONFLICTS.find((c) => c.pattern.test(message));
    if (conflict) return { code: 'HELM_CONFLICT', name: 'HELM_OWNERSHIP_CONFLICT', remedy: conflict.remedy };
  }
  return undefined;
}
