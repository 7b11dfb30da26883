// The scaffolder module's actions, registered through the extension point by the package's default
// export (as feature discovery loads it) and run with a mock context.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseSpecText, validateSpecs } from '@aml-k8s/shared/core';
import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import scaffolderModuleAzuremlCompute, { AZURE_DEVOPS_PULL_REQUEST_ACTION_ID, RENDER_ACTION_ID, VALIDATE_ACTION_ID } from '../src/index.ts';

const actions = new Map<string, TemplateAction<any, any>>();
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let workspace: string;

const INPUT = {
  computeName: 'gpu-east',
  owner: 'group:default/ml-platform',
  description: 'GPU training and HTTPS scoring',
  cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-rg', name: 'aks-gpu-east' },
  workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' },
  namespace: 'ml-jobs',
  training: true,
  inference: { routerServiceType: 'LoadBalancer', highAvailability: false, tls: { cname: 'scoring.contoso.com', secretName: 'ml-scoring-tls' } },
  gpu: { nvidiaDevicePlugin: false },
  nodeSelector: { 'kubernetes.azure.com/agentpool': 'mlpool' },
  instanceTypes: [{ name: 'gpu-t4', cpu: 4, memory: '16Gi', gpu: 1, nodeSelector: { accelerator: 'nvidia-t4' } }],
};

/** Azure rejects a router service type it does not know (rule AMLK1xx). */
const INVALID = { ...INPUT, inference: { highAvailability: false, tls: { insecure: true } } };

beforeAll(async () => {
  backend = await startTestBackend({
    extensionPoints: [[scaffolderActionsExtensionPoint, { addActions: (...as: TemplateAction<any, any>[]) => as.forEach((a) => actions.set(a.id, a)) }]],
    features: [scaffolderModuleAzuremlCompute],
  });
  workspace = mkdtempSync(join(tmpdir(), 'azureml-scaffolder-'));
});

afterAll(async () => {
  await backend?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

function context(input: object, extra: Record<string, unknown> = {}) {
  const outputs: Record<string, unknown> = {};
  const ctx = createMockActionContext({ input: input as never, workspacePath: workspace });
  // The mock context ignores options such as isDryRun: set them on the context itself.
  Object.assign(ctx, extra);
  ctx.output = (name: string, value: unknown) => void (outputs[name] = value);
  const logged: string[] = [];
  ctx.logger.info = ((message: string) => void logged.push(message)) as typeof ctx.logger.info;
  return { ctx, outputs, logged };
}

describe('registration', () => {
  test('every action, with JSON schemas, examples and dry-run support; validate and render take the form input', () => {
    expect([...actions.keys()].sort()).toEqual([AZURE_DEVOPS_PULL_REQUEST_ACTION_ID, RENDER_ACTION_ID, VALIDATE_ACTION_ID]);
    for (const a of actions.values()) {
      expect(a.supportsDryRun).toBe(true);
      expect(a.examples?.length).toBeGreaterThan(0);
    }
    const pullRequest = actions.get(AZURE_DEVOPS_PULL_REQUEST_ACTION_ID)!.schema?.input as { properties?: Record<string, unknown>; required?: string[] };
    expect(pullRequest.required?.sort()).toEqual(['branchName', 'repoUrl', 'title']);
    expect(Object.keys(pullRequest.properties ?? {})).toEqual(expect.arrayContaining(['targetBranchName', 'description', 'sourcePath', 'targetPath']));
    for (const a of [actions.get(VALIDATE_ACTION_ID)!, actions.get(RENDER_ACTION_ID)!]) {
      const input = a.schema?.input as { properties?: Record<string, unknown>; required?: string[] };
      expect(Object.keys(input.properties ?? {})).toEqual(expect.arrayContaining(['computeName', 'owner', 'cluster', 'workspace', 'inference', 'instanceTypes']));
      expect(input.required).toEqual(expect.arrayContaining(['computeName', 'owner', 'cluster', 'workspace']));
    }
  });
});

describe(VALIDATE_ACTION_ID, () => {
  test('a valid form passes, with the checked YAML as output', async () => {
    const { ctx, outputs } = context(INPUT);
    await actions.get(VALIDATE_ACTION_ID)!.handler(ctx);
    expect(outputs).toMatchObject({ valid: true, errors: 0 });
    expect(validateSpecs([{ file: 'x.yaml', text: String(outputs.content) }], { readFile: () => undefined }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('errors fail the step with file:line:column messages, diagnostics in the output', async () => {
    const { ctx, outputs } = context(INVALID);
    await expect(actions.get(VALIDATE_ACTION_ID)!.handler(ctx)).rejects.toThrow(/computes\/gpu-east\.yaml:\d+:\d+: error AMLK\d+ \[inferenceRouterServiceType\]/);
    expect(outputs.valid).toBe(false);
    expect(outputs.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', setting: 'inferenceRouterServiceType', file: 'computes/gpu-east.yaml' })]));
  });

  test('dry run validates the same way', async () => {
    const { ctx, outputs } = context(INPUT, { isDryRun: true });
    expect(ctx.isDryRun).toBe(true);
    await actions.get(VALIDATE_ACTION_ID)!.handler(ctx);
    expect(outputs.valid).toBe(true);
  });
});

describe(RENDER_ACTION_ID, () => {
  test('writes computes/<name>.yaml: a spec that parses and validates', async () => {
    const { ctx, outputs } = context(INPUT);
    await actions.get(RENDER_ACTION_ID)!.handler(ctx);
    expect(outputs.path).toBe('computes/gpu-east.yaml');
    const text = readFileSync(join(workspace, 'computes/gpu-east.yaml'), 'utf8');
    expect(text).toBe(outputs.content);
    const doc = parseSpecText(text, 'gpu-east.yaml').specs[0]!.doc;
    expect(doc).toEqual({
      apiVersion: 'aml-k8s/v1',
      kind: 'KubernetesCompute',
      metadata: { name: 'gpu-east', owner: 'group:default/ml-platform', description: 'GPU training and HTTPS scoring' },
      spec: {
        cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-rg', name: 'aks-gpu-east' },
        extension: {
          training: true,
          inference: { routerServiceType: 'LoadBalancer', highAvailability: false, tls: { cname: 'scoring.contoso.com', secretName: 'ml-scoring-tls' } },
          nodeSelector: { 'kubernetes.azure.com/agentpool': 'mlpool' },
          components: { nvidiaDevicePlugin: false },
        },
        attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' }, namespace: 'ml-jobs' },
        instanceTypes: { 'gpu-t4': { nodeSelector: { accelerator: 'nvidia-t4' }, resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 } } } },
      },
    });
  });

  test('dry run writes into the (temporary) workspace for the preview', async () => {
    const { ctx, outputs, logged } = context({ ...INPUT, path: 'preview/gpu.yaml' }, { isDryRun: true });
    expect(ctx.isDryRun).toBe(true);
    await actions.get(RENDER_ACTION_ID)!.handler(ctx);
    expect(logged).toContain('[dry run] wrote preview/gpu.yaml');
    expect(outputs.path).toBe('preview/gpu.yaml');
    expect(existsSync(join(workspace, 'preview/gpu.yaml'))).toBe(true);
  });

  test('an invalid spec fails the step and writes nothing', async () => {
    const { ctx } = context({ ...INVALID, path: 'bad/gpu.yaml' });
    await expect(actions.get(RENDER_ACTION_ID)!.handler(ctx)).rejects.toThrow(/error AMLK/);
    expect(existsSync(join(workspace, 'bad/gpu.yaml'))).toBe(false);
  });

  test('paths outside the workspace are refused', async () => {
    for (const path of ['../escape.yaml', '/etc/gpu.yaml', 'computes/gpu.txt']) {
      const { ctx } = context({ ...INPUT, path });
      await expect(actions.get(RENDER_ACTION_ID)!.handler(ctx)).rejects.toThrow(/path must/);
    }
  });
});
