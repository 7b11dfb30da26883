// Classifies Azure's provisioning states into the health the portal shows at a glance.
import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';

const RUNNING = new Set(['creating', 'updating', 'deleting', 'accepted', 'running', 'pending', 'inprogress', 'provisioning']);
const FAILED = new Set(['failed', 'canceled', 'cancelled']);

/** Worst first: the overall health is the worst of the extension's and the compute's. */
const RANK: Record<ComputeHealth, number> = { Failed: 5, NotInstalled: 4, NotAttached: 3, Unknown: 2, InProgress: 1, Succeeded: 0 };

function ofState(state: string | undefined): ComputeHealth {
  const s = (state ?? '').toLowerCase();
  if (s === 'succeeded') return 'Succeeded';
  if (FAILED.has(s)) return 'Failed';
  if (RUNNING.has(s)) return 'InProgress';
  return 'Unknown';
}

export interface HealthInput {
  /** `undefined`: the extension does not exist. */
  extensionState: string | undefined;
  extensionFound: boolean;
  /** False when the spec attaches nothing (extension only). */
  attaches: boolean;
  computeFound: boolean;
  computeState: string | undefined;
}

export function healthOf(input: HealthInput): ComputeHealth {
  const extension: ComputeHealth = input.extensionFound ? ofState(input.extensionState) : 'NotInstalled';
  let compute: ComputeHealth = 'Succeeded';
  if (input.attaches) compute = input.computeFound ? ofState(input.computeState) : 'NotAttached';
  // Attaching waits for the install: a compute missing while the extension installs is in progress.
  if (extension === 'InProgress' && compute === 'NotAttached') compute = 'InProgress';
  return RANK[extension] >= RANK[compute] ? extension : compute;
}
