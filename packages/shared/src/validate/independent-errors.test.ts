// One run reports every independent error: a bad value somewhere does not stop the rules from
// judging the rest of the document, while errors that follow from a structural one are not repeated.
import { describe, expect, test } from '@jest/globals';
import { validateSpecs } from './validate.ts';

const SUB = '00000000-0000-0000-0000-000000000001';

function spec(cluster: string, extension: string, rest = ''): string {
  return `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: train }
spec:
  cluster: ${cluster}
  extension:
${extension}
  attach: { workspace: { resourceGroup: ml-rg, name: ml-workspace } }
${rest}`;
}

const run = (text: string) => {
  const result = validateSpecs([{ file: 'c.yaml', text }], { readFile: () => undefined, env: {} });
  return { result, found: result.diagnostics.map((d) => `${d.code} ${d.path ?? ''}`) };
};

const NO_ROUTER = '    inference: { tls: { insecure: true } }';

describe('validate reports independent errors together', () => {
  test('a placeholder subscription ID does not hide a missing router type', () => {
    const { result, found } = run(spec('{ type: aks, subscriptionId: <subscription-id>, resourceGroup: rg, name: aks }', NO_ROUTER));
    expect(found).toContain('AMLK004 spec.cluster.subscriptionId');
    expect(result.diagnostics.find((d) => d.code === 'AMLK101')).toMatchObject({ severity: 'error', setting: 'inferenceRouterServiceType' });
    expect(result.specs[0]).toMatchObject({ wellFormed: false, checked: true });
  });

  test('an unknown field elsewhere and a bad cluster name do not hide it either', () => {
    const { found } = run(spec('{ type: aks, subscriptionId: ' + SUB + ', resourceGroup: rg, name: "bad name!" }', NO_ROUTER, '  instanceTypes: { small: { resources: { requests: { cpu: "1" } } }, big: { resourcez: {} } }\n'));
    expect(found).toEqual(expect.arrayContaining(['AMLK004 spec.cluster.name', 'AMLK002 spec.instanceTypes.big.resourcez']));
    expect(found.some((f) => f.startsWith('AMLK101 '))).toBe(true);
  });

  test('a misspelt field is reported once: the rule that misses the field stays quiet', () => {
    const { found } = run(spec(`{ type: aks, subscriptionId: ${SUB}, resourceGroup: rg, name: aks }`, '    inference: { routerServicetype: NodePort, tls: { insecure: true } }'));
    expect(found).toContain('AMLK002 spec.extension.inference.routerServicetype');
    expect(found.some((f) => f.startsWith('AMLK101 '))).toBe(false);
  });

  test('a wrong type still stops the rules: what they would read is not what was meant', () => {
    const { result, found } = run(spec(`{ type: aks, subscriptionId: ${SUB}, resourceGroup: rg, name: aks }`, `    training: "yes"\n${NO_ROUTER}`));
    expect(found).toEqual(['AMLK004 spec.extension.training']);
    expect(result.specs[0]).toMatchObject({ wellFormed: false, checked: false });
  });

  test('a well-formed document is checked as before', () => {
    const { result, found } = run(spec(`{ type: aks, subscriptionId: ${SUB}, resourceGroup: rg, name: aks }`, NO_ROUTER));
    expect(found.filter((f) => f.startsWith('AMLK0'))).toEqual([]);
    expect(found.some((f) => f.startsWith('AMLK101 '))).toBe(true);
    expect(result.specs[0]).toMatchObject({ wellFormed: true, checked: true });
  });
});
