// The CLI forms of the Terraform and Bicep round trip: `render --as terraform|terraform-azurerm|bicep`
// writes files that `validate` accepts without findings and `import` turns back into one spec.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from './run-cli.ts';

const EXAMPLE = 'examples/arc-production-nodeport-gpu.yaml';

function specsOf(yaml: string): { metadata: { name: string }; spec: Record<string, unknown> }[] {
  return parseAllDocuments(yaml).map((d) => d.toJS() as { metadata: { name: string }; spec: Record<string, unknown> });
}

describe.each(['terraform', 'terraform-azurerm'])('render --as %s', (as) => {
  test('validates cleanly, and `import FILE` finds it is Terraform and gives the spec back', () => {
    const rendered = runCli(['render', EXAMPLE, '--as', as]);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain('sensitive   = true');
    const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-tf-'));
    writeFileSync(join(dir, 'main.tf'), rendered.stdout);
    const validated = runCli(['validate', 'main.tf'], { cwd: dir });
    expect(validated.stderr + validated.stdout).toMatch(/0 errors, 0 warnings/);
    const imported = runCli(['import', 'main.tf'], { cwd: dir });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('(aml-k8s import terraform)');
    const [doc, ...rest] = specsOf(imported.stdout);
    expect(rest).toEqual([]);
    expect(doc!.metadata.name).toBe('arc-gpu');
    expect(doc!.spec).toMatchObject({ cluster: { type: 'arc', name: 'onprem-gpu-01' }, attach: { namespace: 'azureml-gpu' } });
  });
});

test('render --as bicep gives one file per resource group; `import bicep` reads them together', () => {
  const rendered = runCli(['render', EXAMPLE, '--as', 'bicep']);
  expect(rendered.code).toBe(0);
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-bicep-'));
  const files = rendered.stdout.split(/^\/\/ ==== (.+) ====\n/m).slice(1);
  const names: string[] = [];
  for (let i = 0; i < files.length; i += 2) {
    names.push(files[i]!);
    writeFileSync(join(dir, files[i]!), files[i + 1]!);
  }
  expect(names).toEqual(['arc-gpu.extension.bicep', 'arc-gpu.compute.bicep']);
  const imported = runCli(['import', 'bicep', ...names], { cwd: dir });
  expect(imported.code).toBe(0);
  const [doc, ...rest] = specsOf(imported.stdout);
  expect(rest).toEqual([]);
  // The compute's resourceId names the cluster fully; the workspace's resource group is the deployment's.
  expect(doc!.spec).toMatchObject({ cluster: { subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'onprem-k8s-rg' }, attach: { workspace: { resourceGroup: '<workspace-resource-group>', name: 'ml-workspace' } } });
  expect(imported.stderr).toContain('AMLK-IMPORT-DEPLOYMENT-SCOPE');
});

test('import refuses a file whose format it cannot tell, naming the forms', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-none-'));
  writeFileSync(join(dir, 'notes.txt'), 'hello\n');
  const r = runCli(['import', 'notes.txt'], { cwd: dir });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/terraform\|arm\|bicep\|azml\|manifests/);
});
