import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ImportDiagnostic } from './az.ts';
import { importAz, importAzToYaml } from './az.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const CREATE = `az k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters --cluster-name aks1 --resource-group rg1 --subscription ${SUB} --scope cluster`;

const codes = (ds: readonly ImportDiagnostic[]) => ds.map((d) => d.code);
const only = (text: string) => {
  const r = importAz(text);
  expect(r.documents).toHaveLength(1);
  return { ...r, doc: r.documents[0]!, ext: r.documents[0]!.spec.extension!, };
};

describe('importAz: which commands are imported', () => {
  test('only Azure ML extensions (any case) and Kubernetes attaches', () => {
    const text = [
      'az k8s-extension create --name flux --extension-type microsoft.flux --cluster-type managedClusters --cluster-name a --resource-group r',
      'az k8s-extension show --name azureml --cluster-type managedClusters --cluster-name a --resource-group r',
      'az ml compute attach --type virtualmachine --name vm -w ws -g rg --resource-id /x',
      `${CREATE.replace('Microsoft.AzureML.Kubernetes', 'MICROSOFT.AZUREML.KUBERNETES')} --config enableTraining=True`,
    ].join('\n');
    const r = importAz(text);
    expect(r.documents).toHaveLength(1);
    expect(r.sourceLines).toEqual([[4]]);
  });

  test('no command: a warning, no document', () => {
    const r = importAz('echo hello\naz login\n');
    expect(r.documents).toEqual([]);
    expect(codes(r.diagnostics)).toEqual(['AMLK-IMPORT-NOTHING']);
  });
});

describe('importAz: extension commands', () => {
  test('cluster, extension and version flags', () => {
    const { doc } = only(`az k8s-extension create -n ml --extension-type Microsoft.AzureML.Kubernetes --cluster-type connectedClusters -c arc1 -g rg2 --subscription ${SUB} --scope cluster --release-train preview --version 1.2.3 --auto-upgrade false --config enableTraining=True`);
    expect(doc.spec.cluster).toEqual({ type: 'arc', subscriptionId: SUB, resourceGroup: 'rg2', name: 'arc1' });
    expect(doc.spec.extension).toEqual({ name: 'ml', releaseTrain: 'preview', version: '1.2.3', autoUpgradeMinorVersion: false, training: true });
  });

  test('a bare --auto-upgrade-minor-version means true', () => {
    expect(only(`${CREATE} --auto-upgrade-minor-version --config enableTraining=True`).ext.autoUpgradeMinorVersion).toBe(true);
  });

  test('several key=value pairs after one flag, repeated flags, and the last value of a repeated key', () => {
    const text = `${CREATE} --config enableTraining=True installPromOp=False --configuration-settings nodeSelector.pool=gpu --config installPromOp=True`;
    const r = only(text);
    expect(r.ext).toMatchObject({ training: true, nodeSelector: { pool: 'gpu' }, components: { prometheusOperator: true } });
    const dup = r.diagnostics.find((d) => d.code === 'AMLK-IMPORT-DUPLICATE-SETTING')!;
    expect(dup).toMatchObject({ severity: 'warning', setting: 'installPromOp', line: 1, column: text.lastIndexOf('installPromOp=True') + 1 });
  });

  test('a value that is not key=value is an error and is skipped', () => {
    const text = `${CREATE} --config enableTraining=True oops`;
    const r = only(text);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'AMLK-IMPORT-BAD-SETTING', column: text.indexOf('oops') + 1 }));
    expect(r.ext.settings).toBeUndefined();
  });

  test('unknown flags and stray words are warnings, not failures', () => {
    const r = only(`${CREATE} --frobnicate 3 --config enableTraining=True`);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'AMLK-IMPORT-UNKNOWN-FLAG', message: expect.stringContaining('--frobnicate') }));
    expect(r.ext.training).toBe(true);
  });

  test('raw settings keep what the user wrote, for the validator', () => {
    const { ext } = only(`${CREATE} --config enableInference=True inferenceRouterServiceType=LoadBalancer InferenceRouterHA=False allowInsecureConnections=Ture privateEndpointILB=True`);
    expect(ext.inference).toEqual({ routerServiceType: 'LoadBalancer' });
    expect(ext.settings).toEqual({ InferenceRouterHA: 'False', allowInsecureConnections: 'Ture', privateEndpointILB: 'True' });
  });

  test('cluster type: wrong case is read with a warning, a missing one is an error', () => {
    const lower = importAz(CREATE.replace('managedClusters', 'managedclusters') + ' --config enableTraining=True');
    expect(lower.documents[0]!.spec.cluster.type).toBe('aks');
    expect(lower.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'AMLK-IMPORT-BAD-VALUE', message: expect.stringContaining('managedClusters') }));
    const missing = importAz(CREATE.replace('--cluster-type managedClusters ', '') + ' --config enableTraining=True');
    expect(missing.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'AMLK-IMPORT-MISSING-FLAG', message: expect.stringContaining('--cluster-type') }));
  });

  test('namespace scope is an error; the release namespace is ignored with a note', () => {
    const r = importAz(CREATE.replace('--scope cluster', '--scope namespace --release-namespace ml') + ' --config enableTraining=True');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'AMLK-IMPORT-BAD-VALUE', message: expect.stringContaining('--scope namespace') }));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', code: 'AMLK-IMPORT-IGNORED-FLAG' }));
  });

  test('documentation glue: a flag stuck to a placeholder and FalseHTTP', () => {
    const text = 'az k8s-extension create --name x --extension-type Microsoft.AzureML.Kubernetes --cluster-type connectedClusters --cluster-name c --config enableTraining=True --config-protected sslKeyPemFile=<key>--resource-group rg --auto-upgrade-minor-version FalseHTTP';
    const r = only(text);
    expect(r.doc.spec.cluster.resourceGroup).toBe('rg');
    expect(r.ext.protectedSettings).toEqual({ sslKeyPemFile: { file: '<key>' } });
    expect(r.ext.autoUpgradeMinorVersion).toBe(false);
    const glued = r.diagnostics.filter((d) => d.code === 'AMLK-IMPORT-GLUED');
    expect(glued.map((d) => d.column)).toEqual([text.indexOf('--resource-group') + 1, text.indexOf('FalseHTTP') + 1]);
  });
});

describe('importAz: placeholders', () => {
  test('each placeholder is kept verbatim and reported at its position', () => {
    const text = 'az k8s-extension create --name <ext> --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters \\\n  --cluster-name <your-cluster> --resource-group <rg> --config enableInference=True inferenceRouterServiceType=LoadBalancer sslCname=<ssl cname> --config-protected sslCertPemFile=<cert> sslKeyPemFile=<key>';
    const r = only(text);
    expect(r.doc.spec.cluster).toMatchObject({ name: '<your-cluster>', resourceGroup: '<rg>' });
    expect(r.ext.inference?.tls).toEqual({ cname: '<ssl cname>', certFile: '<cert>', keyFile: '<key>' });
    const found = r.diagnostics.filter((d) => d.code === 'AMLK-IMPORT-PLACEHOLDER');
    const lines = text.split('\n');
    const at = (p: string) => {
      const line = lines.findIndex((l) => l.includes(p));
      return { line: line + 1, column: lines[line]!.indexOf(p) + 1 };
    };
    expect(found.map((d) => ({ line: d.line, column: d.column }))).toEqual(['<ext>', '<your-cluster>', '<rg>', '<ssl cname>', '<cert>', '<key>'].map(at));
    expect(found.find((d) => d.message.includes('<ssl cname>'))).toMatchObject({ setting: 'sslCname', message: expect.stringContaining('spec.extension.inference.tls.cname') });
  });
});

describe('importAz: secrets', () => {
  test('an inline protected value is never echoed; it becomes an environment reference', () => {
    const secret = 'Endpoint=sb://r.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=c2VjcmV0';
    const r = importAzToYaml(`${CREATE} --config enableTraining=True --config-protected relayServerConnectionString="${secret}" other=s3cr3t-t0ken`);
    expect(r.documents[0]!.spec.extension!.protectedSettings).toEqual({ relayServerConnectionString: { env: 'RELAY_SERVER_CONNECTION_STRING' }, other: { env: 'OTHER' } });
    for (const leak of ['c2VjcmV0', 's3cr3t-t0ken']) {
      expect(r.yaml).not.toContain(leak);
      expect(JSON.stringify(r.diagnostics)).not.toContain(leak);
    }
    expect(r.diagnostics.filter((d) => d.code === 'AMLK-IMPORT-SECRET').map((d) => [d.severity, d.setting])).toEqual([['warning', 'relayServerConnectionString'], ['warning', 'other']]);
  });

  test('$VARIABLE in protected settings is the environment reference itself', () => {
    const { ext } = only(`${CREATE} --config enableTraining=True --config-protected relayServerConnectionString="$RELAY_CS"`);
    expect(ext.protectedSettings).toEqual({ relayServerConnectionString: { env: 'RELAY_CS' } });
  });

  test('a connection string given as a plain setting moves to protected', () => {
    const r = importAzToYaml(`${CREATE} --config enableTraining=True serviceBusConnectionString=Endpoint=sb://x/;SharedAccessKey=abc`);
    expect(r.yaml).not.toContain('SharedAccessKey');
    expect(r.documents[0]!.spec.extension!.protectedSettings).toEqual({ serviceBusConnectionString: { env: 'SERVICE_BUS_CONNECTION_STRING' } });
  });
});

describe('importAz: settings files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amlk-import-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ enableTraining: true, installVolcano: 'false', custom: 3, nested: { a: 1 } }));
  writeFileSync(join(dir, 'protected.env'), '# comment\nrelayServerConnectionString=Endpoint=sb://x/;SharedAccessKey=abc\n');
  const script = join(dir, 'install.sh');

  test('JSON files, read relative to the input file; key=value files are refused (az reads JSON only)', () => {
    const r = importAz(`${CREATE} --config-file settings.json --config-protected-file protected.env`, { file: script });
    const ext = r.documents[0]!.spec.extension!;
    expect(ext).toMatchObject({ training: true, components: { volcano: false }, settings: { custom: 3 } });
    expect(ext.protectedSettings).toBeUndefined();
    const notes = r.diagnostics.filter((d) => d.code === 'AMLK-IMPORT-SETTINGS-FILE');
    expect(notes.map((d) => d.message)).toEqual([expect.stringContaining('nested'), expect.stringContaining('the only form az reads')]);
    expect(JSON.stringify(r)).not.toContain('SharedAccessKey');
    expect(r.diagnostics.every((d) => d.file === script)).toBe(true);
  });

  test('an unreadable file is an error at the file name', () => {
    const text = `${CREATE} --config enableTraining=True --config-protected-file missing.json`;
    const r = importAz(text, { file: script });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'AMLK-IMPORT-SETTINGS-FILE', line: 1, column: text.indexOf('missing.json') + 1, file: script }));
  });

  test('a file written by a here-document in the same text', () => {
    const r = importAz(`cat > s.json <<EOF\n{"enableTraining": "True", "installDcgmExporter": "true"}\nEOF\n${CREATE} --config-file s.json`, { cwd: dir });
    expect(r.documents[0]!.spec.extension).toMatchObject({ training: true, components: { dcgmExporter: true } });
  });

  test('create with settings both inline and in a file is an error (az rejects it)', () => {
    const r = importAz(`${CREATE} --config-file settings.json --config installPromOp=False`, { file: script });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'AMLK-IMPORT-BAD-VALUE', message: expect.stringContaining('both inline and in a file') }));
    expect(r.documents[0]!.spec.extension!.components).toEqual({ volcano: false, prometheusOperator: false });
  });
});

describe('importAz: updates', () => {
  test('an update merges plain settings and replaces the protected ones', () => {
    const update = `az k8s-extension update --name azureml --cluster-type managedClusters --cluster-name aks1 --resource-group rg1 --subscription ${SUB}`;
    const r = importAz(`${CREATE} --config enableTraining=True installPromOp=False --config-protected a=$A b=$B\n${update} --config installPromOp=True installVolcano=False --config-protected c=$C --version 2.0.0 --auto-upgrade-minor-version false`);
    expect(r.documents).toHaveLength(1);
    expect(r.sourceLines).toEqual([[1, 2]]);
    expect(r.documents[0]!.spec.extension).toEqual({
      name: 'azureml',
      version: '2.0.0',
      autoUpgradeMinorVersion: false,
      training: true,
      components: { prometheusOperator: true, volcano: false },
      protectedSettings: { c: { env: 'C' } },
    });
  });

  test('an update without its create: its own document, with a note; other extensions are ignored', () => {
    const r = importAz(`az k8s-extension update -n azureml -t connectedClusters -c arc -g rg --config enableInference=True\naz k8s-extension update -n flux -t connectedClusters -c arc -g rg --config foo=bar`);
    expect(r.documents).toHaveLength(1);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', code: 'AMLK-IMPORT-UPDATE-ONLY', line: 1 }));
    expect(r.diagnostics.some((d) => d.line === 2)).toBe(false);
  });
});

describe('importAz: compute attach', () => {
  const ATTACH = `az ml compute attach --type Kubernetes --name ml-compute -w ws -g ws-rg --resource-id /subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1`;

  test('joins the document of its cluster', () => {
    const r = importAz(`${CREATE} --config enableTraining=True\n${ATTACH} --namespace jobs --identity-type SystemAssigned --no-wait`);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.metadata.name).toBe('ml-compute');
    expect(r.documents[0]!.spec.attach).toEqual({ workspace: { resourceGroup: 'ws-rg', name: 'ws' }, namespace: 'jobs', identity: { type: 'SystemAssigned' } });
  });

  test('gets a document of its own without an extension block when no extension command matches', () => {
    const r = importAz(`${CREATE} --config enableTraining=True\n${ATTACH.replace('aks1', 'aks2')}`);
    expect(r.documents).toHaveLength(2);
    expect(r.documents[1]!.spec).toEqual({
      cluster: { type: 'aks', subscriptionId: SUB, resourceGroup: 'rg1', name: 'aks2' },
      attach: { workspace: { resourceGroup: 'ws-rg', name: 'ws' } },
    });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'AMLK-IMPORT-NO-EXTENSION', line: 2, severity: 'info' }));
  });

  test('user-assigned identities, a workspace in another subscription, a compute name different from the spec name', () => {
    const other = '00000000-0000-0000-0000-000000000009';
    const r = importAz(`${CREATE} --config enableTraining=True\n${ATTACH} --subscription ${other} --identity-type UserAssigned --user-assigned-identities /subscriptions/${SUB}/resourceGroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml`);
    expect(r.documents[0]!.spec.attach).toEqual({
      workspace: { subscriptionId: other, resourceGroup: 'ws-rg', name: 'ws' },
      identity: { type: 'UserAssigned', ids: [`/subscriptions/${SUB}/resourceGroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml`] },
    });
  });

  test('a resource ID held in a variable from az aks show is resolved', () => {
    const text = `${CREATE.replace(` --subscription ${SUB}`, '')} --config enableTraining=True\nID=$(az aks show -g rg1 -n aks1 --query id -o tsv)\naz ml compute attach --type Kubernetes -n c1 -w ws -g ws-rg --resource-id $ID`;
    const r = importAz(text);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.spec.attach?.workspace.name).toBe('ws');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'AMLK-IMPORT-VARIABLE', severity: 'info', line: 3 }));
  });

  test('a resource ID in an unassigned variable is a warning and a placeholder cluster, never an error', () => {
    const r = importAz('az ml compute attach --type Kubernetes -n c -w ws -g rg --resource-id $NOPE');
    expect(r.documents[0]!.spec.cluster).toMatchObject({ name: '<cluster-name>' });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'AMLK-IMPORT-VARIABLE' }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('an identity type az refuses is an error', () => {
    const r = importAz(`${ATTACH} --identity-type Managed`);
    expect(r.documents[0]!.spec.attach?.identity).toBeUndefined();
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'AMLK-IMPORT-BAD-VALUE' }));
  });
});

test('variables assigned in the text are read, with a note', () => {
  const r = importAz(`RG=rg9\nexport NAME="aks 9"\naz k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters --cluster-name "$NAME" -g $RG --config enableTraining=True nodeSelector.pool=$POOL`);
  expect(r.documents[0]!.spec.cluster).toMatchObject({ resourceGroup: 'rg9', name: 'aks 9' });
  expect(r.documents[0]!.spec.extension!.nodeSelector).toEqual({ pool: '$POOL' });
  expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'AMLK-IMPORT-VARIABLE', severity: 'warning', setting: 'nodeSelector.pool', message: expect.stringContaining('$POOL') }));
});

test('two creates of the same extension: two documents and a warning', () => {
  const r = importAz(`${CREATE} --config enableTraining=True\n${CREATE} --config enableTraining=False`);
  expect(r.documents.map((d) => d.metadata.name)).toEqual(['aks1', 'aks1-2']);
  expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'AMLK-IMPORT-DUPLICATE-EXTENSION', line: 2 }));
});

test('importAzToYaml: a header, one YAML document per compute, fields in spec order', () => {
  const r = importAzToYaml(`${CREATE} --config enableTraining=True\n${CREATE.replace('aks1', 'aks2')} --config enableTraining=True\naz ml compute attach --type Kubernetes -n c2 -w ws -g wr --resource-id /subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks2`, { file: 'install.sh' });
  expect(r.yaml.split('\n')[0]).toContain('install.sh');
  const docs = parseAllDocuments(r.yaml).map((d) => d.toJS());
  expect(docs).toEqual(r.documents);
  expect(Object.keys(docs[1])).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  expect(Object.keys(docs[1].spec)).toEqual(['cluster', 'extension', 'attach']);
  expect(r.yaml).toContain('# From the commands at lines 2, 3.');
});

test('a PowerShell script: backtick continuations and $variables', () => {
  const text = [
    '$rg = "ml-rg"',
    'az k8s-extension create --name azureml `',
    '  --extension-type Microsoft.AzureML.Kubernetes --cluster-type connectedClusters `',
    '  --cluster-name arc-1 --resource-group $rg `',
    '  --config enableTraining=True `',
    '  --config-protected sslCertPemFile=C:\\certs\\cert.pem relayServerConnectionString=$env:RELAY',
  ].join('\r\n');
  const r = only(text);
  expect(r.doc.spec.cluster).toMatchObject({ type: 'arc', name: 'arc-1', resourceGroup: 'ml-rg' });
  expect(r.ext.protectedSettings).toEqual({ sslCertPemFile: { file: 'C:\\certs\\cert.pem' }, relayServerConnectionString: { env: 'RELAY' } });
});

test('a PEM path held in a variable assigned in the text is read as the path', () => {
  const { ext } = only(`CERT=./tls/cert.pem\n${CREATE} --config enableInference=True inferenceRouterServiceType=NodePort sslCname=ml.contoso.com --config-protected sslCertPemFile=$CERT sslKeyPemFile=./tls/key.pem`);
  expect(ext.inference?.tls).toEqual({ cname: 'ml.contoso.com', certFile: './tls/cert.pem', keyFile: './tls/key.pem' });
});
