import { describe, expect, test } from '@jest/globals';
import { normalizeCluster } from './clusters.ts';
import { findInstallFailure, installFailureError, type InstallContext } from './install-failures.ts';
import type { ClusterFixture } from './types.ts';

const base: ClusterFixture = { subscriptionId: 's', resourceGroup: 'g', name: 'c', type: 'aks', nodeCount: 3 };
const inference = { enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', allowInsecureConnections: 'True', installPromOp: 'False' };

function check(cluster: Partial<ClusterFixture>, settings: Record<string, string>, protectedSettings: Record<string, string> = {}) {
  const ctx: InstallContext = { cluster: normalizeCluster({ ...base, ...cluster }), settings, protectedSettings, extensionName: 'azureml' };
  return findInstallFailure(ctx);
}

describe('install failure table', () => {
  test('HA router needs 3 nodes unless inferenceRouterHA is false (default is HA)', () => {
    expect(check({ nodeCount: 2 }, inference)?.code).toBe('E40002');
    expect(check({ nodeCount: 2 }, { ...inference, inferenceRouterHA: 'FALSE' })).toBeUndefined();
    expect(check({ nodeCount: 3 }, inference)).toBeUndefined();
    expect(check({ nodeCount: 1 }, { enableTraining: 'True', installPromOp: 'False' })).toBeUndefined();
  });

  test('LoadBalancer without load balancers, in any case', () => {
    expect(check({ loadBalancerSupported: false }, { ...inference, inferenceRouterServiceType: 'loadbalancer' })?.code).toBe('E40001');
    expect(check({ loadBalancerSupported: false }, { ...inference, inferenceRouterServiceType: 'NodePort' })).toBeUndefined();
  });

  test('internal load balancer: Arc never, AKS only with provider azure', () => {
    expect(check({ type: 'arc' }, { ...inference, internalLoadBalancerProvider: 'azure' })?.code).toBe('E40003');
    expect(check({}, { ...inference, internalLoadBalancerProvider: 'Azure' })).toBeUndefined();
    expect(check({}, { ...inference, internalLoadBalancerProvider: 'metallb' })?.code).toBe('E40003');
  });

  test('existing NVIDIA plugin conflicts only when the extension installs its own', () => {
    const f = check({ existingNvidiaDevicePlugin: true }, { enableTraining: 'True', installPromOp: 'False', installNvidiaDevicePlugin: 'True' });
    expect(f).toMatchObject({ name: 'HELM_OWNERSHIP_CONFLICT' });
    expect(f?.code).toBeUndefined();
    expect(check({ existingNvidiaDevicePlugin: true }, { enableTraining: 'True', installPromOp: 'False' })).toBeUndefined();
  });

  test('existing Prometheus operator: installPromOp defaults to true; protected settings count too', () => {
    expect(check({ existingPrometheusOperator: true }, { enableTraining: 'True' })?.code).toBe('E45002');
    expect(check({ existingPrometheusOperator: true }, { enableTraining: 'True' }, { installPromOp: 'false' })).toBeUndefined();
  });

  test('errorInfo carries the code and name in its message', () => {
    const f = check({ nodeCount: 1 }, inference);
    const error = installFailureError(f!);
    expect(error.code).toBe('ExtensionOperationFailed');
    expect(error.message).toContain('[E40002 INSUFFICIENT_NODE]');
    expect(error.details?.[0]?.code).toBe('E40002');
  });
});
