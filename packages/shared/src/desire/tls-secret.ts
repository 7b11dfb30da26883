// The Secret that `sslSecret` names (reference §11): the router reads `cert.pem` and `key.pem`
// from it in the azureml namespace. aml-k8s only prints a template; the PEM material stays with you.
import type { KubernetesManifest } from './desired-state.ts';
import { MANAGED_BY_LABEL } from './instance-types.ts';

export function tlsSecretTemplate(secretName: string, cname: string | undefined): KubernetesManifest {
  const host = cname ? ` for ${cname}` : '';
  return {
    form: 'object',
    title: `TLS secret for the inference router${host}: put your PEM text in both values and apply it (create the azureml namespace first if the extension is not installed yet)`,
    template: true,
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secretName, namespace: 'azureml', labels: { ...MANAGED_BY_LABEL } },
      type: 'Opaque',
      stringData: {
        'cert.pem': `<PEM certificate (chain)${host}>`,
        'key.pem': '<PEM private key without passphrase>',
      },
    },
  };
}
