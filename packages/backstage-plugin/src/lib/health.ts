import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';

/** Every overall state, in the order the overview counts them (worst first). */
export const HEALTHS: readonly ComputeHealth[] = ['Failed', 'NotInstalled', 'NotAttached', 'InProgress', 'Unknown', 'Succeeded'];

export type HealthTone = 'ok' | 'error' | 'warning' | 'pending' | 'unknown';

/** How a state reads to a person, and the tone of its status light. */
export const HEALTH_PRESENTATION: Readonly<Record<ComputeHealth, { label: string; tone: HealthTone; hint: string }>> = {
  Succeeded: { label: 'Succeeded', tone: 'ok', hint: 'Extension installed and compute attached' },
  InProgress: { label: 'In progress', tone: 'pending', hint: 'Azure is installing or updating the extension or the attach' },
  Failed: { label: 'Failed', tone: 'error', hint: 'The extension install or the compute attach failed' },
  NotInstalled: { label: 'Not installed', tone: 'warning', hint: 'The AzureML extension is not on the cluster yet' },
  NotAttached: { label: 'Not attached', tone: 'warning', hint: 'The extension is installed but the compute is not attached to the workspace' },
  Unknown: { label: 'Unknown', tone: 'unknown', hint: 'The state could not be read from Azure' },
};

export function healthLabel(health: ComputeHealth): string {
  return HEALTH_PRESENTATION[health]?.label ?? health;
}
