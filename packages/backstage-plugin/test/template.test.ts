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
    parameters: Array<{ title: string; properties: Record<string, unknown>; dependencies?: unknown }>;
    steps: Array<{ id: string; action: string; input?: Record<string, unknown>; if?: string }>;
    output: { links: Array<{ title: string; url: string }> };
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
    expect(template.spec.parameters.map((p) => p.title)).toEqual(['Compute', 'Cluster', 'Workspace', 'Workloads', 'Nodes']);
  });

  it('validates, renders, then opens a pull request, and links to it', () => {
    const actions = template.spec.steps.filter((s) => !s.if).map((s) => s.action);
    expect(actions).toEqual(['azureml:compute:validate', 'azureml:compute:render', 'publish:github:pull-request']);
    expect(template.spec.steps.some((s) => s.action === 'catalog:register')).toBe(false);
    expect(template.spec.output.links[0]).toEqual({ title: 'Pull request', url: '${{ steps.publish.output.remoteUrl }}' });
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
