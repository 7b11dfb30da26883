// The CLI forms of the Terraform and Bicep round trip: `render --as terraform|terraform-azurerm|bicep`
// writes files that `validate` accepts without findings and `import` turns back into one spec.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO, runCli } from './run-cli.ts';

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

/** `render --as bicep` output written as its files (each starts at its `// ==== name ====` line); their names. */
function writeBicep(stdout: string, dir: string): string[] {
  const files = stdout.split(/^\/\/ ==== (.+) ====\n/m).slice(1);
  const names: string[] = [];
  for (let i = 0; i < files.length; i += 2) {
    names.push(files[i]!);
    writeFileSync(join(dir, files[i]!), files[i + 1]!);
  }
  return names;
}

/** The ARM requests `render --as arm` shows for spec files: method, path, api-version and body. */
function armRequests(args: string[], cwd?: string): unknown[] {
  const r = runCli(['render', ...args, '--as', 'arm', '--format', 'json'], cwd ? { cwd } : {});
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { requests: { method: string; path: string; apiVersion: string; body: unknown }[] }[]).flatMap((c) => c.requests.map(({ method, path, apiVersion, body }) => ({ method, path, apiVersion, body })));
}

describe('render --as bicep, then import bicep', () => {
  test('one file per resource group; `import bicep` reads them together, each deployed where its az deployment comment says', () => {
    const rendered = runCli(['render', EXAMPLE, '--as', 'bicep']);
    expect(rendered.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-bicep-'));
    const names = writeBicep(rendered.stdout, dir);
    expect(names).toEqual(['arc-gpu.extension.bicep', 'arc-gpu.compute.bicep']);
    const imported = runCli(['import', 'bicep', ...names], { cwd: dir });
    expect(imported.code).toBe(0);
    const [doc, ...rest] = specsOf(imported.stdout);
    expect(rest).toEqual([]);
    // The compute's resourceId names the cluster fully; the workspace's resource group is the compute file's deployment's.
    expect(doc!.spec).toMatchObject({ cluster: { subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'onprem-k8s-rg' }, attach: { workspace: { subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-rg', name: 'ml-workspace' } } });
    expect(imported.stdout.replace(/^#.*\n/gm, '')).not.toMatch(/<[^<>\n]*>/);
    expect(imported.stderr).toMatch(/arc-gpu\.compute\.bicep:3:1: info AMLK-IMPORT-DEPLOYMENT-SCOPE: This comment's az deployment group create deploys the file to resource group ml-rg of subscription 0{8}-0{4}-0{4}-0{4}-0{11}1:/);
    expect(imported.stderr).not.toMatch(/warning AMLK-IMPORT-DEPLOYMENT-SCOPE/);
  });

  test('without the comment, the cluster and workspace keep placeholders and the warning names the options', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-bicep-'));
    const names = writeBicep(runCli(['render', EXAMPLE, '--as', 'bicep']).stdout, dir);
    for (const name of names) writeFileSync(join(dir, name), readFileSync(join(dir, name), 'utf8').replace(/^\/\/ +az deployment group create .*\n/m, ''));
    const imported = runCli(['import', 'bicep', ...names], { cwd: dir });
    expect(imported.stdout).toContain('resourceGroup: <workspace-resource-group>');
    expect(imported.stderr).toContain('AMLK-IMPORT-DEPLOYMENT-SCOPE');
    expect(imported.stderr).toContain('--subscription and --resource-group');
  });

  const examples = readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
  test.each(examples)('%s: import bicep, with the files\' comments or with --subscription --resource-group, gives a spec without placeholders and the same ARM requests', (example) => {
    const original = specsOf(readFileSync(join(REPO, 'examples', example), 'utf8'))[0]!.spec as { cluster: { subscriptionId: string; resourceGroup: string }; attach?: { workspace: { subscriptionId?: string; resourceGroup: string } } };
    const rendered = runCli(['render', join('examples', example), '--as', 'bicep']);
    expect(rendered.code).toBe(0);
    const expected = armRequests([join('examples', example)]);
    const importedRequests = (dir: string, names: string[], options: string[]) => {
      const imported = runCli(['import', 'bicep', ...names, ...options], { cwd: dir });
      expect(imported.stderr).toMatch(/ 0 errors, /);
      expect(imported.stderr).not.toMatch(/warning AMLK-IMPORT-(DEPLOYMENT-SCOPE|EXPRESSION)/);
      expect(imported.code).toBe(0);
      expect(imported.stdout.replace(/^#.*\n/gm, '')).not.toMatch(/<[^<>\n]*>/);
      expect(specsOf(imported.stdout)).toHaveLength(1);
      writeFileSync(join(dir, 'imported.yaml'), imported.stdout);
      return armRequests(['imported.yaml'], dir);
    };
    const fromComments = mkdtempSync(join(tmpdir(), 'aml-k8s-bicep-'));
    expect(importedRequests(fromComments, writeBicep(rendered.stdout, fromComments), [])).toEqual(expected);
    // Without the comments, the options say where the files are deployed (the compute's resourceId names the cluster).
    const fromOptions = mkdtempSync(join(tmpdir(), 'aml-k8s-bicep-'));
    const names = writeBicep(rendered.stdout, fromOptions);
    for (const name of names) writeFileSync(join(fromOptions, name), readFileSync(join(fromOptions, name), 'utf8').replace(/^\/\/ +az deployment group create .*\n/m, ''));
    const workspace = original.attach?.workspace;
    const scope = ['--subscription', workspace?.subscriptionId ?? original.cluster.subscriptionId, '--resource-group', workspace?.resourceGroup ?? original.cluster.resourceGroup];
    expect(importedRequests(fromOptions, names, scope)).toEqual(expected);
  });

  test('the options win over the comment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-bicep-'));
    const names = writeBicep(runCli(['render', EXAMPLE, '--as', 'bicep']).stdout, dir);
    const imported = runCli(['import', 'bicep', ...names, '--resource-group', 'other-rg'], { cwd: dir });
    expect(imported.code).toBe(0);
    expect(specsOf(imported.stdout)[0]!.spec).toMatchObject({ attach: { workspace: { resourceGroup: 'other-rg', name: 'ml-workspace' } } });
    expect(imported.stderr).toContain('except the resource group other-rg given on the command line, which win');
  });

  test.each([
    [['--subscription', 'not-a-guid'], /--subscription takes a subscription ID/],
    [['--resource-group', 'ends-with-dot.'], /--resource-group takes a resource group name/],
    [['--resource-group', 'x'.repeat(91)], /--resource-group takes a resource group name/],
    [['--resource-group', 'no spaces'], /--resource-group takes a resource group name/],
    [['--resource-group', ''], /--resource-group takes a resource group name/],
  ])('%j is a usage error (exit 2)', (options, message) => {
    const r = runCli(['import', 'bicep', 'main.bicep', ...options]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: aml-k8s import');
    expect(r.stdout).toBe('');
  });

  test('import az refuses the options: az commands name their own scope', () => {
    const r = runCli(['import', 'az', '-', '--resource-group', 'rg'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--subscription and --resource-group are for import arm, bicep and azml/);
  });
});

test('import refuses a file whose format it cannot tell, naming the forms', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-none-'));
  writeFileSync(join(dir, 'notes.txt'), 'hello\n');
  const r = runCli(['import', 'notes.txt'], { cwd: dir });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/terraform\|arm\|bicep\|azml\|manifests/);
});
