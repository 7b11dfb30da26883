// `az k8s-extension update` judged as an update: what az refuses on update, what the PATCH does to
// protected settings and node selectors, and validation limited to what the update changes.
import { describe, expect, test } from '@jest/globals';
import type { ImportDiagnostic } from './az.ts';
import { importAz, importAzToYaml } from './az.ts';
import { validateImported, WHOLE_EXTENSION_RULES } from './validate-imported.ts';
import { RULES } from '../validate/rules/index.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const TARGET = `--name azureml --cluster-type managedClusters --cluster-name aks1 --resource-group rg1 --subscription ${SUB}`;
const CREATE = `az k8s-extension create ${TARGET} --extension-type Microsoft.AzureML.Kubernetes --scope cluster`;
const UPDATE = `az k8s-extension update ${TARGET}`;

const find = (ds: readonly ImportDiagnostic[], code: string) => ds.filter((d) => d.code === code);
const validate = (text: string) => validateImported(importAzToYaml(text, { file: 'x.sh' }), 'imported.yaml');

describe('what az k8s-extension update does not take', () => {
  test.each(['--extension-type Microsoft.AzureML.Kubernetes', '--scope cluster', '--release-namespace azureml', '--target-namespace ml'])('%s is an error at the flag, naming the fix', (flag) => {
    const text = `${UPDATE} --config installPromOp=False ${flag}`;
    const r = importAz(text);
    const [d] = find(r.diagnostics, 'AMLK-IMPORT-UNKNOWN-FLAG');
    expect(d).toMatchObject({ severity: 'error', line: 1, column: text.indexOf(flag.split(' ')[0]!) + 1 });
    expect(d!.message).toMatch(/cannot change.*delete the extension and create it again/);
  });

  test('the same flags on a create are fine', () => {
    expect(importAz(`${CREATE} --release-namespace azureml --config enableTraining=True`).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('protected settings are replaced as a whole', () => {
  test('an update after its create that leaves a protected setting out: the omitted one is named as deleted', () => {
    const r = importAz(`${CREATE} --config enableTraining=True --config-protected relayServerConnectionString=$RELAY serviceBusConnectionString=$SB\n${UPDATE} --config-protected relayServerConnectionString=$RELAY2`);
    const [d] = find(r.diagnostics, 'AMLK-IMPORT-UPDATE');
    expect(d).toMatchObject({ severity: 'warning', line: 2, setting: 'serviceBusConnectionString' });
    expect(d!.message).toContain('"serviceBusConnectionString", set before, is deleted');
    expect(Object.keys(r.documents[0]!.spec.extension!.protectedSettings!)).toEqual(['relayServerConnectionString']);
  });

  test('an update that re-sends every protected setting is quiet', () => {
    const r = importAz(`${CREATE} --config enableTraining=True --config-protected a=$A b=$B\n${UPDATE} --config-protected b=$B2 a=$A2`);
    expect(find(r.diagnostics, 'AMLK-IMPORT-UPDATE')).toEqual([]);
  });

  test('an update without its create that sends protected settings: a warning that they must all be there', () => {
    const r = importAz(`${UPDATE} --config-protected relayServerConnectionString=$RELAY`);
    expect(find(r.diagnostics, 'AMLK-IMPORT-UPDATE')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('every protected setting the extension has') })]);
  });

  test('one PEM file without the other', () => {
    const text = `${CREATE} --config enableInference=True inferenceRouterServiceType=LoadBalancer sslCname=ml.contoso.com --config-protected sslCertPemFile=c.pem sslKeyPemFile=k.pem\n${UPDATE} --config-protected sslCertPemFile=new.pem`;
    const r = importAz(text);
    expect(find(r.diagnostics, 'AMLK-IMPORT-UPDATE').map((d) => d.setting)).toEqual(['sslKeyPemFile', 'sslKeyPemFile']);
    expect(find(r.diagnostics, 'AMLK-IMPORT-UPDATE')[1]).toMatchObject({ line: 2, column: text.split('\n')[1]!.indexOf('sslCertPemFile') + 1 });
  });
});

describe('node selectors are never removed by an update', () => {
  test('an empty value does not remove a node selector', () => {
    const r = importAz(`${CREATE} --config enableTraining=True nodeSelector.pool=ml\n${UPDATE} --config nodeSelector.pool=`);
    expect(find(r.diagnostics, 'AMLK-IMPORT-UPDATE')).toEqual([expect.objectContaining({ severity: 'warning', setting: 'nodeSelector.pool', message: expect.stringContaining('never remove one') })]);
  });

  test('new selectors are added to the ones of the create, which stay', () => {
    const r = importAz(`${CREATE} --config enableTraining=True nodeSelector.pool=ml\n${UPDATE} --config nodeSelector.zone=a`);
    expect(find(r.diagnostics, 'AMLK-IMPORT-UPDATE')).toEqual([expect.objectContaining({ severity: 'info', setting: 'nodeSelector.pool' })]);
    expect(r.documents[0]!.spec.extension!.nodeSelector).toEqual({ pool: 'ml', zone: 'a' });
  });
});

describe('an update without its create is validated as an update', () => {
  const codes = (text: string) => validate(text).map((d) => `${d.severity} ${d.code}`);

  test('what it leaves out is not an error: no training flag, no router type, no TLS', () => {
    expect(codes(`${UPDATE} --config enableInference=True installPromOp=False`).filter((c) => c.startsWith('error'))).toEqual([]);
  });

  test('the same settings in a create are judged as a whole extension', () => {
    expect(codes(`${CREATE} --config enableInference=True installPromOp=False`).filter((c) => c.startsWith('error')).length).toBeGreaterThan(0);
  });

  test('what it sends is still checked: a router type Azure does not know', () => {
    const diagnostics = validate(`${UPDATE} --config inferenceRouterServiceType=Ingress`);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'AMLK102', setting: 'inferenceRouterServiceType' })]);
  });

  test('a pinned version is judged only when the update also sends auto-upgrade', () => {
    expect(codes(`${UPDATE} --config installPromOp=False --version 1.2.3`)).toEqual([]);
    expect(codes(`${UPDATE} --config installPromOp=False --version 1.2.3 --auto-upgrade-minor-version true`)).toEqual(['error AMLK117']);
  });

  test('every rule named as judging the whole extension exists', () => {
    const names = new Set(RULES.map((r) => r.name));
    for (const name of WHOLE_EXTENSION_RULES) expect(names).toContain(name);
  });
});
