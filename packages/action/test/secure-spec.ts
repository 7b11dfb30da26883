// A compute whose TLS material comes from environment variables (the secret canary of the Action's
// end-to-end tests), optionally with more extension lines (protected settings, say).
export const SECURE_SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

export function secureSpec(extensionExtra = ''): string {
  return `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: secure, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: ${SECURE_SUBSCRIPTION}, resourceGroup: ml-prod-rg, name: aks-ml-secure }
  extension:
    training: true
    inference:
      routerServiceType: LoadBalancer
      tls: { cname: ml.contoso.com, certEnv: ML_TLS_CERT_PEM, keyEnv: ML_TLS_KEY_PEM }
${extensionExtra}  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`;
}
