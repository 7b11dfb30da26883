// End-to-end: job data storage of the example spec, rendered and applied. The Kubernetes objects
// go through @kubernetes/client-node with the emulator's kubeconfig to its small Kubernetes API
// servers (no real kube-apiserver runs here); Azure goes through the SDKs to the ARM emulator.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { applySpecs } from '../src/apply/apply.ts';
import { kubernetesApiFromKubeconfig } from '../src/cluster/kubeconfig-api.ts';
import { planSpecSet } from '../src/plan/plan-spec-set.ts';
import { renderPlanText } from '../src/render/plan.ts';
import { validateSpecs } from '../src/validate/validate.ts';
import { applyOptions, edit, emulatorFor, example, gatewayFor } from './e2e-support.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-train-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml-train';
const kubeWrites = (e: Emulator): string[] => e.requests().filter((r) => r.kind === 'kubernetes' && r.method !== 'GET').map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`);

async function kubernetes(e: Emulator) {
  return kubernetesApiFromKubeconfig({ text: e.kubeconfig(), name: 'the emulator kubeconfig' });
}

describe('storage through the cluster API', () => {
  test('the example: planned, applied after the extension, bound in the compute namespace; a re-run writes nothing', async () => {
    const inputs = example('training-data-storage');
    emulator = await emulatorFor(inputs);
    const options = applyOptions({ kubernetes: await kubernetes(emulator) });
    const planned = await planSpecSet(validateSpecs(inputs).specs, gatewayFor(emulator), { ...options, concurrency: 2 });
    const objects = planned.plan.computes[0]!.changes.filter((c) => c.target === 'kubernetes');
    expect(objects.map((c) => [c.action, c.object!.kind, c.object!.namespace ?? '', c.object!.name])).toEqual([
      ['create', 'Namespace', '', 'ml-training'],
      ['create', 'PersistentVolume', '', 'ml-training-datasets'],
      ['create', 'PersistentVolume', '', 'ml-training-outputs'],
      ['create', 'PersistentVolumeClaim', 'ml-training', 'datasets'],
      ['create', 'PersistentVolumeClaim', 'ml-training', 'outputs'],
    ]);
    expect(renderPlanText(planned.plan)).toContain('+ PersistentVolumeClaim ml-training/datasets in cluster aks-ml-train: create');

    const result = await applySpecs(inputs, gatewayFor(emulator), options);
    expect([result.results[0]!.outcome, result.results[0]!.error]).toEqual(['applied', undefined]);
    const live = emulator.state().kubernetes[CLUSTER]!;
    const claim = live.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'datasets')!;
    expect(claim).toMatchObject({
      metadata: { namespace: 'ml-training', labels: { 'ml.azure.com/pvc': 'true' }, annotations: { 'ml.azure.com/mountpath': '/mnt/datasets' } },
      spec: { accessModes: ['ReadOnlyMany'], volumeName: 'ml-training-datasets' },
      status: { phase: 'Bound' },
    });
    expect(live.find((o) => o.kind === 'PersistentVolume' && o.metadata.name === 'ml-training-outputs')).toMatchObject({
      spec: { csi: { driver: 'file.csi.azure.com', nodeStageSecretRef: { name: 'azure-files-key', namespace: 'ml-training' } } },
      status: { phase: 'Bound' },
    });
    // Azure first (the compute exists), then the objects in dependency order.
    expect(kubeWrites(emulator)).toEqual(['PATCH namespaces/ml-training', 'PATCH persistentvolumes/ml-training-datasets', 'PATCH persistentvolumes/ml-training-outputs', 'PATCH persistentvolumeclaims/datasets', 'PATCH persistentvolumeclaims/outputs']);

    emulator.reset();
    const again = await applySpecs(inputs, gatewayFor(emulator), options);
    expect(again.results[0]).toMatchObject({ outcome: 'unchanged' });
    expect(kubeWrites(emulator)).toEqual([]);

    emulator.reset();
    const moved = await applySpecs(edit(inputs, 'mountPath: /mnt/outputs', 'mountPath: /mnt/results'), gatewayFor(emulator), options);
    expect(moved.results[0]).toMatchObject({ outcome: 'applied' });
    expect(kubeWrites(emulator)).toEqual(['PATCH persistentvolumeclaims/outputs']);
    expect(emulator.state().kubernetes[CLUSTER]!.find((o) => o.metadata.name === 'outputs' && o.kind === 'PersistentVolumeClaim')!.metadata['annotations']).toMatchObject({ 'ml.azure.com/mountpath': '/mnt/results' });
  });

  test('a claim change the API server refuses is planned with the way out, and fails with its message', async () => {
    const inputs = example('training-data-storage');
    emulator = await emulatorFor(inputs);
    const options = applyOptions({ kubernetes: await kubernetes(emulator) });
    await applySpecs(inputs, gatewayFor(emulator), options);
    const changed = edit(inputs, 'accessModes: [ReadOnlyMany]', 'accessModes: [ReadWriteMany]');
    const planned = await planSpecSet(validateSpecs(changed).specs, gatewayFor(emulator), { ...options, concurrency: 2 });
    const update = planned.plan.computes[0]!.changes.find((c) => c.target === 'kubernetes' && c.action === 'update' && c.object!.kind === 'PersistentVolumeClaim')!;
    expect(update.reasons.join(' ')).toContain('kubectl delete pvc datasets -n ml-training');
    const result = await applySpecs(changed, gatewayFor(emulator), options);
    expect(result.results[0]).toMatchObject({ outcome: 'failed', error: { code: 'Invalid', message: expect.stringContaining('spec is immutable after creation') } });
  });

  test('instance types are applied once the extension has brought their resource', async () => {
    const inputs = example('instance-types');
    emulator = await emulatorFor(inputs);
    const options = applyOptions({ kubernetes: await kubernetes(emulator) });
    const planned = await planSpecSet(validateSpecs(inputs).specs, gatewayFor(emulator), { ...options, concurrency: 2 });
    const types = planned.plan.computes[0]!.changes.filter((c) => c.target === 'kubernetes');
    expect(types.every((c) => c.object!.kind === 'InstanceType' && c.action === 'create')).toBe(true);
    expect(types[0]!.reasons[0]).toContain('applied once the extension is installed');
    const result = await applySpecs(inputs, gatewayFor(emulator), options);
    expect(result.results[0]).toMatchObject({ outcome: 'applied' });
    const clusterId = emulator.state().extensions[0]!.id.split('/providers/Microsoft.KubernetesConfiguration')[0]!;
    expect(emulator.state().kubernetes[clusterId]!.filter((o) => o.kind === 'InstanceType').map((o) => o.metadata.name).sort()).toEqual(types.map((c) => c.object!.name).sort());
  });

  test('without a kubeconfig the plan says how to apply the claims; with one lacking the cluster, it names the fix', async () => {
    const inputs = example('training-data-storage');
    emulator = await emulatorFor(inputs);
    const without = await planSpecSet(validateSpecs(inputs).specs, gatewayFor(emulator), { ...applyOptions(), concurrency: 2 });
    expect(without.plan.computes[0]!.notes).toContain('The storage claims are Kubernetes objects, which apply writes only through the cluster\'s API: apply with --kubeconfig, or run `aml-k8s render examples/training-data-storage.yaml --as manifests | kubectl apply -f -` once the extension is installed.');
    const wrong = await kubernetesApiFromKubeconfig({ text: emulator.kubeconfig().replaceAll('"aks-ml-train"', '"somewhere-else"'), name: 'kubeconfig' });
    const blocked = await planSpecSet(validateSpecs(inputs).specs, gatewayFor(emulator), { ...applyOptions({ kubernetes: wrong }), concurrency: 2 });
    expect(blocked.plan.computes[0]!.blocked).toBe('kubeconfig has no context for cluster aks-ml-train (contexts: somewhere-else). Add one named aks-ml-train (az aks get-credentials --resource-group ml-train-rg --name aks-ml-train), or name the context with --kube-context.');
  });
});
