/**
 * @jest-environment node
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The software template's shape; its behaviour (form and dry run) is tested in the browser test.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

interface Template {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    type: string;
    parameters: Array<{ title: string; required?: string[]; properties: Record<string, Record<string, unknown>>; dependencies?: unknown }>;
    steps: Array<{ id: string; action: string; input?: Record<string, unknown>; if?: string }>;
    output: { links: Array<{ title: string; url: string; if?: string }> };
  };
}

const template = parse(readFileSync(resolve(__dirname, '../../../templates/azureml-compute/template.yaml'), 'utf8')) as Template;

/** Every property name anywhere in the form schema. */
function propertyNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) propertyNames(n, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') for (const name of Object.keys(value)) out.add(name);
      propertyNames(value, out);
    }
  }
  return out;
}

describe('azureml-compute template', () => {
  it('is a scaffolder v1beta3 template', () => {
    expect(template).toMatchObject({ apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 'azureml-compute' } });
    expect(template.spec.parameters.map((p) => p.title)).toEqual(['Compute', 'Cluster', 'Workspace', 'Workloads', 'Nodes', 'Repository']);
  });

  it('validates, renders, then publishes with the action of the picked repository\'s host, and links to the result', () => {
    const actions = template.spec.steps.filter((s) => !s.if).map((s) => s.action);
    expect(actions).toEqual(['azureml:compute:validate', 'azureml:compute:render']);
    const host = (h: string) => `\${{ (parameters.repoUrl | parseRepoUrl).host == '${h}' }}`;
    const publish = template.spec.steps.filter((s) => s.id.startsWith('publish-'));
    // Both hosts get a pull request: GitHub through Backstage's GitHub module, Azure DevOps through
    // the aml-k8s scaffolder module (publish:azure would create a new repository instead).
    expect(publish.map((s) => ({ id: s.id, action: s.action, if: s.if }))).toEqual([
      { id: 'publish-github', action: 'publish:github:pull-request', if: host('github.com') },
      { id: 'publish-azure', action: 'azureml:compute:azure-devops-pull-request', if: host('dev.azure.com') },
    ]);
    expect(template.spec.steps.some((s) => s.action === 'publish:azure')).toBe(false);
    for (const s of publish) {
      expect(s.input?.repoUrl).toBe('${{ parameters.repoUrl }}');
      expect(s.input?.branchName).toBe('azureml-compute/${{ parameters.computeName }}');
      expect(s.input?.title).toBe('Azure ML compute ${{ parameters.computeName }}');
      expect(s.input?.description).toEqual(expect.stringContaining('${{ steps.render.output.path }}'));
    }
    expect(template.spec.steps.some((s) => s.action === 'catalog:register')).toBe(false);
    expect(template.spec.output.links.slice(0, 2)).toEqual([
      { title: 'Pull request', if: host('github.com'), url: "${{ steps['publish-github'].output.remoteUrl }}" },
      { title: expect.stringMatching(/Azure DevOps/), if: host('dev.azure.com'), url: "${{ steps['publish-azure'].output.pullRequestUrl }}" },
    ]);
  });

  it('picks the platform repository with RepoUrlPicker (GitHub or Azure DevOps) and the owner with OwnerPicker; names no repository itself', () => {
    const repository = template.spec.parameters.find((p) => p.title === 'Repository')!;
    expect(repository.required).toEqual(['repoUrl']);
    expect(repository.properties.repoUrl).toMatchObject({ type: 'string', 'ui:field': 'RepoUrlPicker', 'ui:options': { allowedHosts: ['github.com', 'dev.azure.com'] } });
    expect(repository.properties.repoUrl).not.toHaveProperty('default');
    const compute = template.spec.parameters.find((p) => p.title === 'Compute')!;
    expect(compute.properties.owner).toMatchObject({ 'ui:field': 'OwnerPicker', 'ui:options': { catalogFilter: { kind: ['Group', 'User'] } } });
    const names = propertyNames(template.spec.parameters);
    expect(names).not.toContain('platformRepoUrl');
    const text = readFileSync(resolve(__dirname, '../../../templates/azureml-compute/template.yaml'), 'utf8');
    expect(text).not.toMatch(/contoso|owner=[a-z]|ui:widget: hidden/);
  });

  it('gives validate and render the same input', () => {
    const input = (id: string) => template.spec.steps.find((s) => s.id === id)?.input;
    expect(input('render')).toEqual(input('validate'));
    expect(Object.keys(input('validate') ?? {}).sort()).toEqual(
      ['computeName', 'owner', 'description', 'cluster', 'workspace', 'namespace', 'training', 'inference', 'gpu', 'nodeSelector', 'instanceTypes'].sort(),
    );
  });

  it('asks for the cluster, workspace, workloads, router, TLS secret name, HA, GPU, node selectors, instance types and owner', () => {
    const names = propertyNames(template.spec.parameters);
    for (const name of ['clusterEntity', 'cluster', 'subscriptionId', 'resourceGroup', 'workspace', 'training', 'inference', 'routerServiceType', 'tls', 'secretName', 'highAvailability', 'gpu', 'nodeSelector', 'instanceTypes', 'owner']) {
      expect(names).toContain(name);
    }
  });

  it('never asks for key material', () => {
    const names = [...propertyNames(template.spec.parameters)].map((n) => n.toLowerCase());
    expect(names.filter((n) => /key|cert|pem|password|secret(?!name)/.test(n))).toEqual([]);
  });
});
