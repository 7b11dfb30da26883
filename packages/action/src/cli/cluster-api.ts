// The clusters' Kubernetes API a command talks to, from --kubeconfig and --kube-context.
import { KubernetesApiError, kubernetesApiFromKubeconfig } from '@aml-k8s/shared';
import type { KubernetesApiFor } from '@aml-k8s/shared';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './io.ts';

export async function kubernetesFromOptions(options: { kubeconfig?: string | undefined; kubeContext?: string | undefined }, cwd: string): Promise<KubernetesApiFor | undefined> {
  if (!options.kubeconfig) {
    if (options.kubeContext) throw new UsageError('--kube-context needs --kubeconfig FILE.');
    return undefined;
  }
  const file = resolve(cwd, options.kubeconfig);
  if (!existsSync(file)) throw new UsageError(`--kubeconfig ${options.kubeconfig}: no such file.`);
  try {
    return await kubernetesApiFromKubeconfig({ file }, options.kubeContext ? { context: options.kubeContext } : {});
  } catch (err) {
    if (err instanceof KubernetesApiError && err.code === 'kubernetes-not-configured') throw new UsageError(err.message, { cause: err });
    throw err;
  }
}
