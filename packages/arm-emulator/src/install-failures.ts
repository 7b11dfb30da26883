import type { ErrorDetail } from './http.ts';
import type { ExtensionStatus, NormalizedCluster } from './state.ts';

/**
 * Settings Azure accepts at PUT time but the cluster cannot honour. The AzureML extension's
 * pre-install health check (or Helm) fails them when the install runs; the emulator decides at
 * the end of the install/update operation. Add a row to INSTALL_FAILURE_RULES to simulate more.
 */

export interface InstallContext {
  readonly cluster: NormalizedCluster;
  /** configurationSettings after the operation (merged on PATCH). */
  readonly settings: Readonly<Record<string, string>>;
  readonly protectedSettings: Readonly<Record<string, string>>;
  readonly extensionName: string;
}

export interface InstallFailureRule {
  /** Health-check code (reference §10), absent for Helm errors that carry none. */
  readonly code?: string;
  readonly name: string;
  /** Returns the failure explanation when the rule fires. */
  readonly detect: (ctx: InstallContext) => string | undefined;
}

export interface InstallFailure {
  readonly code?: string;
  readonly name: string;
  readonly message: string;
}

/** A setting as the extension reads it: plain settings first, then protected ones. */
function setting(ctx: InstallContext, key: string): string | undefined {
  return ctx.settings[key] ?? ctx.protectedSettings[key];
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'true';
}

function isFalse(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'false';
}

const inferenceEnabled = (ctx: InstallContext): boolean => isTrue(setting(ctx, 'enableInference'));

export const INSTALL_FAILURE_RULES: readonly InstallFailureRule[] = [
  {
    code: 'E40003',
    name: 'INTERNAL_LOAD_BALANCER_NOT_SUPPORT',
    detect: (ctx) => {
      const provider = setting(ctx, 'internalLoadBalancerProvider');
      if (!provider) return undefined;
      if (ctx.cluster.type === 'arc') {
        return `internalLoadBalancerProvider='${provider}' is only supported on AKS; this is an Azure Arc-enabled cluster. Remove internalLoadBalancerProvider.`;
      }
      if (provider.toLowerCase() !== 'azure') {
        return `internalLoadBalancerProvider='${provider}' is not supported; the only supported provider is 'azure'.`;
      }
      return undefined;
    },
  },
  {
    code: 'E40001',
    name: 'LOAD_BALANCER_NOT_SUPPORT',
    detect: (ctx) =>
      inferenceEnabled(ctx) && setting(ctx, 'inferenceRouterServiceType')?.toLowerCase() === 'loadbalancer' && !ctx.cluster.loadBalancerSupported
        ? 'The inference router Service of type LoadBalancer got no external address: the cluster does not provision load balancers. Use inferenceRouterServiceType=nodePort or clusterIP, or add a load balancer.'
        : undefined,
  },
  {
    code: 'E40002',
    name: 'INSUFFICIENT_NODE',
    detect: (ctx) =>
      inferenceEnabled(ctx) && !isFalse(setting(ctx, 'inferenceRouterHA')) && ctx.cluster.nodeCount < 3
        ? `A highly available inference router needs at least 3 nodes; the cluster has ${ctx.cluster.nodeCount}. Set inferenceRouterHA=false or add nodes.`
        : undefined,
  },
  {
    name: 'HELM_OWNERSHIP_CONFLICT',
    detect: (ctx) =>
      isTrue(setting(ctx, 'installNvidiaDevicePlugin')) && ctx.cluster.existingNvidiaDevicePlugin
        ? `rendered manifests contain a resource that already exists: DaemonSet "nvidia-device-plugin-daemonset" in namespace "kube-system" cannot be imported into release "${ctx.extensionName}": invalid ownership metadata; label "app.kubernetes.io/managed-by" must be "Helm"; annotation "meta.helm.sh/release-name" must be "${ctx.extensionName}"; annotation "meta.helm.sh/release-namespace" must be "azureml". Set installNvidiaDevicePlugin=false to keep the existing plugin.`
        : undefined,
  },
  {
    code: 'E45002',
    name: 'PROMETHEUS_CONFLICT',
    detect: (ctx) =>
      !isFalse(setting(ctx, 'installPromOp')) && ctx.cluster.existingPrometheusOperator
        ? 'A Prometheus operator is already installed on the cluster. Set installPromOp=false to reuse it (it must watch the azureml namespace).'
        : undefined,
  },
];

/** The first rule that fires, in table order. */
export function findInstallFailure(ctx: InstallContext, rules: readonly InstallFailureRule[] = INSTALL_FAILURE_RULES): InstallFailure | undefined {
  for (const rule of rules) {
    const message = rule.detect(ctx);
    if (message !== undefined) return { ...(rule.code ? { code: rule.code } : {}), name: rule.name, message };
  }
  return undefined;
}

/** The extension's `errorInfo` for a failure, as Kubernetes Configuration reports Helm failures. */
export function installFailureError(failure: InstallFailure): ErrorDetail {
  const summary = failure.code
    ? `Helm installation failed: pre-install hook "healthcheck" failed: [${failure.code} ${failure.name}] ${failure.message}`
    : `Helm installation failed: ${failure.message}`;
  return {
    code: 'ExtensionOperationFailed',
    message: `The extension operation failed with the following error: ${summary}`,
    details: [{ code: failure.code ?? failure.name, message: `${failure.name}: ${failure.message}` }],
  };
}

export function failureStatuses(error: ErrorDetail, time: string): ExtensionStatus[] {
  return [{ code: 'InstallationFailed', displayStatus: 'Failed', level: 'Error', message: error.message, time }];
}
