// Executes one planned removal: detach the compute, then (on the last removal of its cluster)
// uninstall the extension, waiting for it and reporting its progress.
import { explainFailure } from '../azure/failures.ts';
import { AzureError } from '../azure/gateway.ts';
import type { AzureGateway, ExtensionRef, OperationOptions } from '../azure/gateway.ts';
import { clusterExtensionRef } from '../azure/targets.ts';
import { AmlK8sError } from '../errors.ts';
import type { PlannedRemoval } from '../plan/plan-removal.ts';
import type { ComputeResult } from './types.ts';

export interface RemovalRun {
  gateway: AzureGateway;
  op: OperationOptions;
  step: (message: string) => void;
  /** False when an earlier removal of the same cluster failed: its extension must not be uninstalled. */
  groupDetached: () => boolean;
  signal?: AbortSignal;
}

export async function applyRemoval(r: PlannedRemoval, run: RemovalRun): Promise<ComputeResult> {
  const started = Date.now();
  const t = r.target;
  const result = (outcome: ComputeResult['outcome'], error?: ComputeResult['error']): ComputeResult => ({ name: r.plan.name, file: r.plan.file, outcome, changes: r.plan.changes, durationMs: Date.now() - started, ...(error ? { error } : {}) });
  if (r.refused) return result('refused', { message: r.plan.blocked ?? 'refused' });
  if (r.plan.blocked) return result('failed', { message: r.plan.blocked });
  const detach = r.plan.changes.find((c) => c.target === 'compute' && c.action === 'delete');
  const uninstall = r.plan.changes.find((c) => c.target === 'extension' && c.action === 'delete');
  if (!detach && !uninstall) return result('unchanged');
  try {
    if (detach && t.computeRef) {
      run.step(`detaching compute ${t.computeRef.name} from workspace ${t.computeRef.workspaceName}`);
      await run.gateway.detachCompute(t.computeRef, run.op);
    }
    if (uninstall && t.extensionName) {
      if (!run.groupDetached()) return result('failed', { message: `extension ${t.extensionName} not uninstalled: a compute that uses it could not be detached; run apply again` });
      const ref: ExtensionRef = clusterExtensionRef(t.cluster, t.extensionName);
      run.step(`uninstalling extension ${t.extensionName} from ${t.cluster.name}${uninstall.force ? ' with forceDelete (the Azure resource only)' : ' (about 10 minutes in Azure)'}`);
      let failure: string | undefined;
      try {
        await run.gateway.deleteExtension(ref, uninstall.force === true, run.op);
      } catch (err) {
        if (run.signal?.aborted) throw err;
        failure = err instanceof Error ? err.message : String(err);
      }
      const left = await run.gateway.getExtension(ref);
      if (left) {
        const message = [left.errorInfo?.message, failure].filter(Boolean).join(' ') || `the extension is still there, in state ${left.provisioningState}`;
        const known = explainFailure(message);
        return result('failed', {
          message: `uninstalling extension ${t.extensionName} failed: ${message}`,
          code: known?.code ?? left.errorInfo?.code ?? 'UninstallFailed',
          remedy: known?.remedy ?? `run apply again; if the extension stays Failed, run it with --force-delete (removes the Azure resource only; then clean the cluster with helm uninstall ${t.extensionName} -n azureml and kubectl delete namespace azureml)`,
        });
      }
    }
    return result('applied');
  } catch (err) {
    if (run.signal?.aborted) return result('interrupted', { message: 'interrupted: Azure may still be working; run apply again to pick up from there' });
    const e = err instanceof AmlK8sError ? err : new AzureError(err instanceof Error ? err.message : String(err), 'Unknown');
    return result('failed', { message: e.message, code: e.code, ...(e.remedy ? { remedy: e.remedy } : {}) });
  }
}
