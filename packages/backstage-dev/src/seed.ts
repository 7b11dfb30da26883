// Puts a spec set's extensions and computes into an ARM endpoint (the emulator) as if they had
// been applied: for the local demo, tests and benchmarks. Raw ARM PUTs, many at a time.
import { azureIdsOf } from '@aml-k8s/plugin-azureml-compute-node';
import { settingsFromSpec } from '@aml-k8s/shared/core';
import type { ComputeDocument } from '@aml-k8s/shared/core';
import pLimit from 'p-limit';
import type { ArmSender } from './arm.ts';

const EXTENSION_API = '2023-05-01';
const COMPUTE_API = '2024-10-01';

export interface SeedOptions {
  /** Requests in flight. Default 32. */
  concurrency?: number;
  /** Protected settings sent with every extension (tests use them as secret canaries). */
  protectedSettings?: Record<string, string>;
  /** Wait between installs and attaches (the emulator's install time). Default 20 ms. */
  installWaitMs?: number;
  /** Names (metadata.name) whose compute is not attached. */
  skipAttach?: ReadonlySet<string>;
}

export async function seedApplied(client: ArmSender, docs: readonly ComputeDocument[], options: SeedOptions = {}): Promise<{ extensions: number; computes: number }> {
  const limit = pLimit(options.concurrency ?? 32);
  const extensions = new Map<string, ComputeDocument>();
  for (const doc of docs) {
    const id = azureIdsOf(doc).extensionId.toLowerCase();
    if (!extensions.has(id)) extensions.set(id, doc);
  }
  await Promise.all(
    [...extensions.values()].map((doc) =>
      limit(async () => {
        const { extensionId } = azureIdsOf(doc);
        const ext = doc.spec.extension;
        const body = {
          properties: {
            extensionType: 'Microsoft.AzureML.Kubernetes',
            releaseTrain: ext?.releaseTrain ?? 'stable',
            autoUpgradeMinorVersion: ext?.version ? false : (ext?.autoUpgradeMinorVersion ?? true),
            ...(ext?.version ? { version: ext.version } : {}),
            scope: { cluster: { releaseNamespace: 'azureml' } },
            configurationSettings: ext ? settingsFromSpec(doc).plain : { enableTraining: 'True' },
            ...(options.protectedSettings ? { configurationProtectedSettings: options.protectedSettings } : {}),
          },
        };
        const r = await client.send('PUT', `${extensionId}?api-version=${EXTENSION_API}`, body);
        if (r.status >= 300) throw new Error(`PUT ${extensionId}: HTTP ${r.status}`);
      }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, options.installWaitMs ?? 20));
  const attach = docs.filter((d) => d.spec.attach && !options.skipAttach?.has(d.metadata.name));
  await Promise.all(
    attach.map((doc) =>
      limit(async () => {
        const ids = azureIdsOf(doc);
        const body = { properties: { computeType: 'Kubernetes', resourceId: ids.clusterId, properties: { namespace: doc.spec.attach?.namespace ?? 'default' } }, identity: { type: 'SystemAssigned' } };
        const r = await client.send('PUT', `${ids.computeId}?api-version=${COMPUTE_API}`, body);
        if (r.status >= 300) throw new Error(`PUT ${ids.computeId}: HTTP ${r.status}`);
      }),
    ),
  );
  return { extensions: extensions.size, computes: attach.length };
}
