// End-to-end: removing computes on the real SDKs against the ARM emulator. `state: absent` and
// prune detach first and uninstall the extension after; an extension another compute still uses
// is kept (declared by a spec) or refused (attached outside the specs); a Failed uninstall has a
// forceDelete way out. Computes on the cluster are searched by listing workspaces and their
// computes (Resource Graph does not index computes); what cannot be read refuses the uninstall.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { applySpecs, ApplyRefused } from '../src/apply/apply.ts';
import type { ApplyEvent } from '../src/apply/types.ts';
import { planSpecSet } from '../src/plan/plan-spec-set.ts';
import { renderPlanMarkdown, renderPlanText } from '../src/render/plan.ts';
import { validateSpecs } from '../src/validate/validate.ts';
import type { SpecInput } from '../src/model/load.ts';
import { ClientSecretCredential } from '@azure/identity';
import { SdkAzureGateway } from '../src/azure/sdk-gateway.ts';
import { applyOptions, emulatorFor, example, gatewayFor, writes } from './e2e-support.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const absent = (inputs: SpecInput[]): SpecInput[] => inputs.map((i) => ({ ...i, text: i.text.replace(/\nspec:\n/, '\nspec:\n  state: absent\n') }));
/** A second compute on the same cluster and workspace, under another name. */
const secondCompute = (inputs: SpecInput[], name: string): SpecInput[] =>
  inputs.map((i) => ({ file: i.file.replace('.yaml', `-${name}.yaml`), text: i.text.replace(/\n  name: ([a-z0-9-]+)\n/, `\n  name: ${name}\n`) }));

/** Method and target of every write, in order. */
const writeLog = (e: Emulator): string[] =>
  e.requests().filter((r) => r.kind === 'arm' && r.method !== 'GET' && r.method !== 'POST').map((r) => `${r.method} ${r.path.includes('/computes/') ? `compute ${r.path.split('/').pop()}` : r.path.includes('/extensions/') ? 'extension' : r.path}`);

async function plan(inputs: SpecInput[], e: Emulator, extra: { prune?: boolean; forceDelete?: boolean } = {}) {
  return planSpecSet(validateSpecs(inputs).specs, gatewayFor(e), { ...applyOptions(), concurrency: 4, ...extra });
}

describe('state: absent', () => {
  test('detaches, then uninstalls the extension with progress; says what is lost and kept; needs consent; converges', async () => {
    const inputs = example('training-data-storage');
    emulator = await emulatorFor(inputs);
    const gateway = gatewayFor(emulator);
    expect((await applySpecs(inputs, gateway, applyOptions())).results[0]).toMatchObject({ outcome: 'applied' });

    const removal = absent(inputs);
    const planned = await plan(removal, emulator);
    const c = planned.plan.computes[0]!;
    expect(c.changes.map((ch) => [ch.target, ch.action, ch.disruptive])).toEqual([['compute', 'delete', true], ['extension', 'delete', true]]);
    expect(c.removal).toMatchObject({ reason: 'absent' });
    expect(c.removal!.loses.join('\n')).toMatch(/compute aks-train-data in workspace ml-workspace.*\n.*extension azureml on aks-ml-train: its components in namespace azureml .* about 10 minutes/);
    expect(c.removal!.keeps).toEqual([
      'the cluster aks-ml-train itself, its nodes and its other workloads',
      'namespace ml-training and everything in it',
      'persistent volume claims datasets, outputs and their volumes and data (aml-k8s never deletes storage; kubectl delete pvc when the data is no longer needed)',
    ]);
    expect(planned.plan.summary).toMatchObject({ delete: 2, disruptive: 2 });
    const text = renderPlanText(planned.plan);
    expect(text).toContain('- compute aks-train-data in workspace ml-workspace: delete  ⚠ DISRUPTIVE');
    expect(text).toContain('  kept: namespace ml-training and everything in it');
    expect(renderPlanMarkdown(planned.plan)).toContain('- ❌ lost: compute aks-train-data in workspace ml-workspace');

    emulator.reset();
    await expect(applySpecs(removal, gateway, applyOptions())).rejects.toBeInstanceOf(ApplyRefused);
    await expect(applySpecs(removal, gateway, applyOptions())).rejects.toMatchObject({ code: 'disruptive-without-consent' });
    expect(writes(emulator)).toBe(0);

    const events: ApplyEvent[] = [];
    const result = await applySpecs(removal, gateway, applyOptions({ allowDisruptive: true, onEvent: (e) => events.push(e) }));
    expect(result.results[0]).toMatchObject({ outcome: 'applied' });
    expect(writeLog(emulator)).toEqual(['DELETE compute aks-train-data', 'DELETE extension']);
    expect(emulator.state().computes).toEqual([]);
    expect(emulator.state().extensions).toEqual([]);
    const steps = events.flatMap((e) => (e.kind === 'step' ? [e.message] : []));
    expect(steps).toEqual(['detaching compute aks-train-data from workspace ml-workspace', 'uninstalling extension azureml from aks-ml-train (about 10 minutes in Azure)']);
    expect(events.some((e) => e.kind === 'progress' && e.progress.operation === 'uninstall' && e.progress.state !== 'started')).toBe(true);

    emulator.reset();
    const again = await applySpecs(removal, gateway, applyOptions({ allowDisruptive: true }));
    expect(again.results[0]).toMatchObject({ outcome: 'unchanged' });
    expect(writes(emulator)).toBe(0);
  });

  test('a spec without an extension block only detaches', async () => {
    const inputs = example('aks-proof-of-concept');
    emulator = await emulatorFor(inputs);
    await applySpecs(inputs, gatewayFor(emulator), applyOptions());
    const detachOnly = absent(inputs).map((i) => ({ ...i, text: i.text.replace(/\n  extension:\n(    .*\n)+/, '\n') }));
    const planned = await plan(detachOnly, emulator);
    expect(planned.plan.computes[0]!.changes.map((c) => `${c.target} ${c.action}`)).toEqual(['compute delete']);
    expect(planned.plan.computes[0]!.notes.join(' ')).toContain('only the compute is detached; the extension stays');
    emulator.reset();
    await applySpecs(detachOnly, gatewayFor(emulator), applyOptions({ allowDisruptive: true }));
    expect(writeLog(emulator)).toEqual(['DELETE compute aks-poc']);
    expect(emulator.state().extensions).toHaveLength(1);
  });
});

describe('--prune', () => {
  test('a removed spec file: its compute is detached, then its extension uninstalled; the rest is untouched', async () => {
    const keep = example('aks-proof-of-concept');
    const gone = example('training-data-storage');
    emulator = await emulatorFor([...keep, ...gone]);
    const gateway = gatewayFor(emulator);
    await applySpecs([...keep, ...gone], gateway, applyOptions());
    // Sorted: the two applies run concurrently, so the attach order varies.
    expect(emulator.state().computes.map((c) => c.tags ?? {}).sort((a, b) => (a['aml-k8s-spec'] ?? '').localeCompare(b['aml-k8s-spec'] ?? ''))).toEqual([{ 'managed-by': 'aml-k8s', 'aml-k8s-spec': 'aks-poc' }, { 'managed-by': 'aml-k8s', 'aml-k8s-spec': 'aks-train-data' }]);

    const withoutPrune = await plan(keep, emulator);
    expect(withoutPrune.removals).toEqual([]);
    const pruned = await plan(keep, emulator, { prune: true });
    expect(pruned.removals.map((r) => [r.plan.name, r.plan.file, r.plan.removal?.reason, r.plan.changes.map((c) => `${c.target} ${c.action}`)])).toEqual([
      ['aks-train-data', '(no spec file)', 'prune', ['compute delete', 'extension delete']],
    ]);

    emulator.reset();
    const result = await applySpecs(keep, gateway, applyOptions({ prune: true, allowDisruptive: true }));
    expect(result.results.map((r) => [r.name, r.outcome])).toEqual([['aks-poc', 'unchanged'], ['aks-train-data', 'applied']]);
    expect(writeLog(emulator)).toEqual(['DELETE compute aks-train-data', 'DELETE extension']);
    expect(emulator.state().computes.map((c) => c.name)).toEqual(['aks-poc']);
    expect(emulator.state().extensions.map((e) => e.id.split('/')[8])).toEqual(['aks-ml-poc']);
  });

  test('refused while a compute outside the specs still uses the extension: nothing is detached or deleted', async () => {
    const keep = example('aks-proof-of-concept');
    const gone = example('training-data-storage');
    emulator = await emulatorFor([...keep, ...gone]);
    emulator.seed({ workspaces: [{ subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-rg', name: 'other-workspace' }] });
    const gateway = gatewayFor(emulator);
    await applySpecs([...keep, ...gone], gateway, applyOptions());
    // Attached by hand in another workspace: no spec knows it.
    const state = emulator.state();
    const cluster = state.computes.find((c) => c.name === 'aks-train-data')!.resourceId;
    await gateway.attachCompute({ subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-rg', workspaceName: 'other-workspace', name: 'by-hand' }, { location: 'eastus', properties: { computeType: 'Kubernetes', resourceId: cluster, properties: { namespace: 'default' } } });

    const planned = await plan(keep, emulator, { prune: true });
    const r = planned.removals[0]!;
    expect(r.refused).toBe(true);
    expect(r.plan.blocked).toBe('refusing to delete extension azureml on aks-ml-train: it is still used by compute by-hand in workspace other-workspace (resource group ml-rg, subscription 00000000-0000-0000-0000-000000000001). Detach those computes first, or, to detach this compute only, add a spec for it with `state: absent` and no `extension` block.');
    emulator.reset();
    const result = await applySpecs(keep, gateway, applyOptions({ prune: true, allowDisruptive: true }));
    expect(result.results.find((x) => x.name === 'aks-train-data')).toMatchObject({ outcome: 'refused', error: { message: expect.stringContaining('still used by compute by-hand') } });
    expect(writes(emulator)).toBe(0);
    expect(emulator.state().computes).toHaveLength(3);
  });

  test('a cluster shared with a spec that stays: only the compute is detached, the extension is kept', async () => {
    const first = example('aks-proof-of-concept');
    const second = secondCompute(first, 'aks-poc-two');
    emulator = await emulatorFor([...first, ...second]);
    const gateway = gatewayFor(emulator);
    await applySpecs([...first, ...second], gateway, applyOptions());
    expect(emulator.state().computes).toHaveLength(2);
    const planned = await plan(first, emulator, { prune: true });
    const r = planned.removals[0]!;
    expect(r.plan.changes.map((c) => `${c.target} ${c.action}`)).toEqual(['compute delete']);
    expect(r.plan.removal!.keeps).toContain('the AzureML extension azureml: still used by aks-poc (examples/aks-proof-of-concept.yaml)');
    emulator.reset();
    await applySpecs(first, gateway, applyOptions({ prune: true, allowDisruptive: true }));
    expect(writeLog(emulator)).toEqual(['DELETE compute aks-poc-two']);
  });
});

const SUB = '00000000-0000-0000-0000-000000000001';
const ML = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces`;
const workspaceId = (rg: string, name: string): string => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
/** A compute attached by hand (no spec knows it) to the cluster of training-data-storage. */
const attachByHand = (gateway: SdkAzureGateway, e: Emulator, rg: string, workspaceName: string, name: string) =>
  gateway.attachCompute({ subscriptionId: SUB, resourceGroup: rg, workspaceName, name }, { location: 'eastus', properties: { computeType: 'Kubernetes', resourceId: e.state().computes.find((c) => c.name === 'aks-train-data')!.resourceId, properties: { namespace: 'default' } } });
/** A gateway signed in as another service principal the emulator knows. */
const gatewayAs = (e: Emulator, clientId: string, secret: string): SdkAzureGateway =>
  new SdkAzureGateway(new ClientSecretCredential(e.tenantId, clientId, secret, e.credentialOptions()), { endpoint: e.url, pollIntervalMs: 20, retry: { maxRetries: 12, retryDelayInMs: 5, maxRetryDelayInMs: 40 } });

describe('who else uses the extension: found by listing workspaces and their computes', () => {
  test('a compute in a workspace outside the spec set blocks the uninstall; no Resource Graph; every page read once', async () => {
    const inputs = example('training-data-storage');
    // One item per page: the workspace list and the compute lists are followed through nextLink.
    emulator = await emulatorFor(inputs, { pageSize: 1 });
    emulator.seed({ workspaces: [{ subscriptionId: SUB, resourceGroup: 'team-rg', name: 'team-workspace' }, { subscriptionId: SUB, resourceGroup: 'team-rg', name: 'empty-workspace' }] });
    const gateway = gatewayFor(emulator);
    await applySpecs(inputs, gateway, applyOptions());
    await attachByHand(gateway, emulator, 'team-rg', 'team-workspace', 'by-hand-1');
    await attachByHand(gateway, emulator, 'team-rg', 'team-workspace', 'by-hand-2');

    emulator.reset();
    const removal = absent(inputs);
    const planned = await plan(removal, emulator);
    const r = planned.removals[0]!;
    expect(r.refused).toBe(true);
    expect(r.plan.blocked).toBe(
      `refusing to delete extension azureml on aks-ml-train: it is still used by compute by-hand-1 in workspace team-workspace (resource group team-rg, subscription ${SUB}), compute by-hand-2 in workspace team-workspace (resource group team-rg, subscription ${SUB}). Detach those computes first, or remove the \`extension\` block from the absent spec to detach this compute only.`,
    );
    const requests = emulator.requests().filter((q) => q.kind === 'arm');
    expect(requests.filter((q) => q.path.toLowerCase().includes('resourcegraph'))).toEqual([]);
    // 3 workspaces, one per page: 3 list calls; computes: ml-workspace 1 page, team-workspace 2, empty-workspace 1.
    expect(requests.filter((q) => q.path === ML).map((q) => q.status)).toEqual([200, 200, 200]);
    const computeLists = requests.filter((q) => q.path.endsWith('/computes')).map((q) => q.path.split('/')[8]).sort();
    expect(computeLists).toEqual(['empty-workspace', 'ml-workspace', 'team-workspace', 'team-workspace']);

    emulator.reset();
    const result = await applySpecs(removal, gateway, applyOptions({ allowDisruptive: true }));
    expect(result.results[0]).toMatchObject({ outcome: 'refused', error: { message: expect.stringContaining('still used by compute by-hand-1 in workspace team-workspace') } });
    expect(writes(emulator)).toBe(0);
    expect(emulator.state().computes).toHaveLength(3);
  });

  test('a workspace whose computes cannot be read (403) refuses the uninstall, naming it; so does a subscription that cannot be listed', async () => {
    const inputs = example('training-data-storage');
    const noComputes = { clientId: '6b1f7c2e-0d4a-4e8b-9c3f-2a5d7e9f1b3c', clientSecret: 'no-computes-secret' };
    const noWorkspaces = { clientId: '8d2e4f6a-1b3c-4d5e-8f7a-9b0c1d2e3f4a', clientSecret: 'no-workspaces-secret' };
    emulator = await emulatorFor(inputs, {
      clients: [
        { ...noComputes, deny: [{ scope: workspaceId('team-rg', 'locked-workspace'), action: 'Microsoft.MachineLearningServices/workspaces/computes/read' }] },
        { ...noWorkspaces, deny: [{ scope: `/subscriptions/${SUB}`, action: 'Microsoft.MachineLearningServices/workspaces/read' }] },
      ],
    });
    emulator.seed({ workspaces: [{ subscriptionId: SUB, resourceGroup: 'team-rg', name: 'locked-workspace' }] });
    await applySpecs(inputs, gatewayFor(emulator), applyOptions());
    const removal = absent(inputs);
    const validated = validateSpecs(removal).specs;

    const locked = gatewayAs(emulator, noComputes.clientId, noComputes.clientSecret);
    const planned = await planSpecSet(validated, locked, { ...applyOptions(), concurrency: 4 });
    const r = planned.removals[0]!;
    expect(r.refused).toBe(true);
    expect(r.plan.blocked).toBe(
      `refusing to delete extension azureml on aks-ml-train: cannot tell whether other computes use it, because this cannot be read: workspace locked-workspace (resource group team-rg, subscription ${SUB}; its computes cannot be listed: 403 AuthorizationFailed). Give the identity running aml-k8s read access there (Reader, or Microsoft.MachineLearningServices/workspaces/computes/read on the workspace), or remove the \`extension\` block from the absent spec to detach this compute only.`,
    );
    expect(r.plan.removal!.keeps.join('\n')).toContain('the AzureML extension azureml: computes that may use it could not be searched in workspace locked-workspace');
    emulator.reset();
    const result = await applySpecs(removal, locked, applyOptions({ allowDisruptive: true }));
    expect(result.results[0]).toMatchObject({ outcome: 'refused', error: { message: expect.stringContaining('workspace locked-workspace (resource group team-rg') } });
    expect(writes(emulator)).toBe(0);

    const blind = await planSpecSet(validated, gatewayAs(emulator, noWorkspaces.clientId, noWorkspaces.clientSecret), { ...applyOptions(), concurrency: 4 });
    expect(blind.removals[0]!.refused).toBe(true);
    expect(blind.removals[0]!.plan.blocked).toContain(`because this cannot be read: subscription ${SUB} (its workspaces cannot be listed: 403 AuthorizationFailed)`);

    // With read access everywhere the same removal goes ahead.
    emulator.reset();
    const done = await applySpecs(removal, gatewayFor(emulator), applyOptions({ allowDisruptive: true }));
    expect(done.results[0]).toMatchObject({ outcome: 'applied' });
    expect(emulator.state().extensions).toEqual([]);
  });
});

describe('a failed uninstall', () => {
  test('is reported with the forceDelete way out; --force-delete then removes the Azure resource', async () => {
    const inputs = example('arc-training-only');
    emulator = await emulatorFor(inputs);
    const gateway = gatewayFor(emulator);
    await applySpecs(inputs, gateway, applyOptions());
    emulator.setFaults({ failNextExtensionDeletes: 1 });
    const removal = absent(inputs);
    const failed = await applySpecs(removal, gateway, applyOptions({ allowDisruptive: true }));
    expect(failed.results[0]).toMatchObject({ outcome: 'failed', error: { message: expect.stringContaining('Helm uninstall failed'), remedy: expect.stringContaining('--force-delete') } });
    expect(emulator.state().extensions[0]!.provisioningState).toBe('Failed');
    expect(emulator.state().computes).toEqual([]);

    const planned = await plan(removal, emulator);
    expect(planned.plan.computes[0]!.changes.map((c) => [c.target, c.action, c.force ?? false])).toEqual([['extension', 'delete', false]]);
    expect(planned.plan.computes[0]!.notes.join(' ')).toContain('run again with --force-delete');
    const forced = await plan(removal, emulator, { forceDelete: true });
    expect(forced.plan.computes[0]!.changes[0]).toMatchObject({ action: 'delete', force: true });
    expect(forced.plan.computes[0]!.removal!.loses.join(' ')).toContain('forceDelete removes only the Azure resource');
    expect(renderPlanText(forced.plan)).toContain('extension azureml on onprem-dev-01: delete (forceDelete)');

    emulator.reset();
    const result = await applySpecs(removal, gateway, applyOptions({ allowDisruptive: true, forceDelete: true }));
    expect(result.results[0]).toMatchObject({ outcome: 'applied' });
    expect(emulator.requests().find((r) => r.method === 'DELETE')!.query).toContain('forceDelete=true');
    expect(emulator.state().extensions).toEqual([]);
  });
});
