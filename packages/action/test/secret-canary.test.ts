// A secret canary (PEM material and protected values) appears in no output of validate, render
// or import, unless the user explicitly asks for secrets with --show-secrets.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { fixturesFromSpecs, startEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { runCli, runCliAsync } from './run-cli.ts';

const ENV_CANARY = 'CANARY-ENV-7f3e9a1b5c';
const INLINE_CANARY = 'CANARYINLINEc0ffee42';
let dir: string;
let keyLines: string[];
let keyPem: string;

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'ml.contoso.com' }], { keySize: 2048, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'ml.contoso.com' }] }] });
  dir = mkdtempSync(join(tmpdir(), 'aml-k8s-canary-'));
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  keyPem = pems.private;
  keyLines = pems.private.split('\n').filter((l) => l.length > 40);
  writeFileSync(
    join(dir, 'spec.yaml'),
    `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: canary, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: ml-rg, name: aks-canary }
  extension:
    training: true
    inference:
      routerServiceType: LoadBalancer
      tls: { cname: ml.contoso.com, certFile: cert.pem, keyFile: key.pem }
    protectedSettings:
      relayServerConnectionString: { env: CANARY_RELAY }
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`,
  );
  writeFileSync(
    join(dir, 'commands.sh'),
    `az k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters --cluster-name aks1 --resource-group rg \\
  --config enableTraining=True --config-protected relayServerConnectionString="Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=${INLINE_CANARY}"\n`,
  );
});

function leaks(text: string): string[] {
  const found: string[] = [];
  for (const c of [ENV_CANARY, INLINE_CANARY, Buffer.from(ENV_CANARY).toString('base64')]) if (text.includes(c)) found.push(c);
  for (const l of keyLines) if (text.includes(l)) found.push('PEM key line');
  const b64 = Buffer.from(keyLines.join('\n')).toString('base64').slice(20, 80);
  if (text.includes(b64)) found.push('base64 of PEM');
  return found;
}

const env = { CANARY_RELAY: `Endpoint=sb://relay/;SharedAccessKey=${ENV_CANARY}` };
let emulator: Emulator | undefined;
afterAll(async () => emulator?.stop());

test('no output of validate, render or import contains a secret', () => {
  const runs = [
    ['validate', dir],
    ['validate', dir, '--format', 'json'],
    ...['arm', 'az', 'manifests', 'terraform', 'terraform-azurerm', 'bicep'].flatMap((as) => [['render', dir, '--as', as], ['render', dir, '--as', as, '--format', 'json']]),
    ['render', dir, '--as', 'terraform', '--show-secrets'],
    ['import', 'az', join(dir, 'commands.sh')],
    ['import', 'az', join(dir, 'commands.sh'), '--format', 'json'],
  ];
  for (const args of runs) {
    const r = runCli(args, { env });
    expect({ args, code: r.code }).toEqual({ args, code: 0 });
    expect({ args, leaks: leaks(r.stdout + r.stderr) }).toEqual({ args, leaks: [] });
  }
});

test('positive control: --show-secrets does reveal them, so the check above can fail', () => {
  const r = runCli(['render', dir, '--as', 'arm', '--show-secrets'], { env });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(ENV_CANARY);
  expect(r.stdout).toContain(Buffer.from(keyPem).toString('base64'));
  expect(leaks(r.stdout).length).toBeGreaterThan(0);
});

test('plan, apply and status against Azure never print a secret; exit codes follow the contract', async () => {
  const spec = parse(readFileSync(join(dir, 'spec.yaml'), 'utf8'));
  emulator = await startEmulator({ installTimeMs: 200, attachTimeMs: 50, retryAfterSeconds: 0, ...fixturesFromSpecs([spec]) });
  const azure = { ...env, ...emulator.env(), AML_K8S_POLL_INTERVAL_MS: '20' };
  const outputs: string[] = [];
  const run = async (args: string[], code: number): Promise<void> => {
    const r = await runCliAsync(args, { env: azure });
    outputs.push(r.stdout + r.stderr);
    expect({ args, code: r.code, stderr: r.code === code ? '' : r.stderr }).toEqual({ args, code, stderr: '' });
  };
  await run(['plan', dir], 3);
  await run(['plan', dir, '--format', 'markdown'], 3);
  await run(['plan', dir, '--format', 'json'], 3);
  await run(['apply', dir], 0);
  await run(['plan', dir], 0);
  await run(['status', dir, '--format', 'json'], 0);
  await run(['apply', dir, '--format', 'json'], 0);
  await run(['plan', dir, '--prune', '--force-delete', '--create-role-assignments'], 0);
  await run(['apply', dir, '--prune', '--manifests-out', join(dir, 'manifests')], 0);
  for (const o of outputs) expect(leaks(o)).toEqual([]);
  // The protected values did reach Azure: the check above is not vacuous.
  const sent = JSON.stringify(emulator.state().extensions[0]!.configurationProtectedSettings);
  expect(sent).toContain(Buffer.from(keyPem).toString('base64'));
  expect(sent).toContain(ENV_CANARY);
});
