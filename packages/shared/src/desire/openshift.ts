// OpenShift runs the extension's pods only after their service accounts are added to the
// `privileged` security context constraints (reference §2.14). That is a change to an object the
// cluster owns, so it is a JSON patch that appends to `users`, not a manifest to apply.
import type { KubernetesManifest } from './desired-state.ts';

const RELEASE_NAMESPACE = 'azureml';

/** Service accounts for the `privileged` SCC, in the order the Azure docs list them. */
export function privilegedSccUsers(extensionName: string, computeNamespace: string): string[] {
  const sa = (namespace: string, name: string): string => `system:serviceaccount:${namespace}:${name}`;
  return [
    sa('azure-arc', 'azure-arc-kube-aad-proxy-sa'),
    sa(RELEASE_NAMESPACE, `${extensionName}-kube-state-metrics`),
    ...['prom-admission', 'default', 'prom-operator', 'load-amlarc-selinux-policy-sa', 'azureml-fe-v2', 'prom-prometheus'].map((n) => sa(RELEASE_NAMESPACE, n)),
    ...(computeNamespace === 'default' ? [] : [sa(computeNamespace, 'default')]),
    ...['azureml-ingress-nginx', 'azureml-ingress-nginx-admission'].map((n) => sa(RELEASE_NAMESPACE, n)),
  ];
}

export function privilegedSccPatch(extensionName: string, computeNamespace: string): KubernetesManifest {
  const patch = privilegedSccUsers(extensionName, computeNamespace).map((value) => ({ op: 'add' as const, path: '/users/-', value }));
  return {
    form: 'patch',
    title: `OpenShift: let the ${extensionName} extension's service accounts use the privileged SCC (once, before installing; also disable SELinux on the workers)`,
    target: { apiVersion: 'security.openshift.io/v1', kind: 'SecurityContextConstraints', name: 'privileged' },
    patchType: 'json',
    patch,
    commands: [`oc patch scc privileged --type=json --patch '${JSON.stringify(patch)}'`, 'oc get scc privileged -o jsonpath=\'{.users}\'   # check; or add them by hand with: oc edit scc privileged'],
  };
}
