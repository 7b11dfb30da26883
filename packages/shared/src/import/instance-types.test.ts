// Instance types a script creates with kubectl from here-documents, read into the spec.
import { describe, expect, test } from '@jest/globals';
import { importAz } from './az.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const create = (cluster: string) => `az k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters --cluster-name ${cluster} --resource-group ml-rg --subscription ${SUB} --scope cluster --config enableTraining=True`;
const SMALL = ['apiVersion: amlarc.azureml.com/v1alpha1', 'kind: InstanceType', 'metadata:', '  name: small', 'spec:', '  resources:', '    requests: { cpu: 500m, memory: 1Gi }', '    limits: { cpu: "1", memory: 2Gi, nvidia.com/gpu: 1 }'].join('\n');
const SMALL_SPEC = { resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': 1 } } };

describe('kubectl apply with a here-document', () => {
  test.each([
    ['kubectl apply -f - <<EOF', 'EOF'],
    ["kubectl apply -f - <<'YAML'", 'YAML'],
    ['cat <<EOF | kubectl apply -f -', 'EOF'],
    ['kubectl create --filename=- <<-EOF', '\tEOF'],
  ])('%s', (head, end) => {
    const r = importAz(`${create('aks1')}\n${head}\n${SMALL}\n${end}\n`);
    expect(r.documents[0]!.spec.instanceTypes).toEqual({ small: SMALL_SPEC });
  });

  test('a file written by a here-document, applied later; other kinds ignored; a nameless item reported', () => {
    const list = ['apiVersion: amlarc.azureml.com/v1alpha1', 'kind: InstanceTypeList', 'items:', '  - metadata: { name: big }', '    spec: { nodeSelector: { pool: big } }', '  - spec: {}', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: x }'].join('\n');
    const r = importAz(`cat > types.yaml <<'END'\n${list}\nEND\n${create('aks1')}\nkubectl apply -f types.yaml\n`);
    expect(r.documents[0]!.spec.instanceTypes).toEqual({ big: { nodeSelector: { pool: 'big' } } });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'AMLK-IMPORT-INSTANCE-TYPES', severity: 'warning', line: 7, column: 5, message: expect.stringContaining('without metadata.name') }));
  });

  test('an unquoted delimiter with $ in the body: read as written, with a note', () => {
    const r = importAz(`${create('aks1')}\nkubectl apply -f - <<EOF\n${SMALL.replace('2Gi', '$MEM')}\nEOF\n`);
    expect(r.documents[0]!.spec.instanceTypes!.small!.resources!.limits!.memory).toBe('$MEM');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'AMLK-IMPORT-INSTANCE-TYPES', severity: 'info', line: 2 }));
  });

  test('YAML kubectl cannot read is a warning at its line, and nothing of it is imported', () => {
    const r = importAz(`${create('aks1')}\nkubectl apply -f - <<'EOF'\nkind: InstanceType\n  bad: [\nEOF\n`);
    expect(r.documents[0]!.spec.instanceTypes).toBeUndefined();
    expect(r.diagnostics.find((d) => d.code === 'AMLK-IMPORT-INSTANCE-TYPES')).toMatchObject({ severity: 'warning' });
  });

  test('with several computes, the instance types go to the one set up just before, with a note', () => {
    const r = importAz(`${create('aks1')}\n${create('aks2')}\nkubectl apply -f - <<'EOF'\n${SMALL}\nEOF\n`);
    expect(r.documents.map((d) => Object.keys(d.spec.instanceTypes ?? {}))).toEqual([[], ['small']]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'AMLK-IMPORT-INSTANCE-TYPES', severity: 'info', line: 3 }));
  });

  test('kubectl applying something else is not an instance type', () => {
    const r = importAz(`${create('aks1')}\nkubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata: { name: ml }\nEOF\n`);
    expect(r.documents[0]!.spec.instanceTypes).toBeUndefined();
  });
});
