// The CLI end to end for the flows beyond install and attach: storage applied through a
// kubeconfig (the emulator's Kubernetes API servers), role assignments created on request, and
// removal with --prune, against the ARM emulator in this process.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { fixturesFromSpecs, startEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { parse } from 'yaml';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli, runCliAsync } from './run-cli.ts';

const FILES = ['training-data-storage.yaml', 'arc-training-only.yaml', 'arc-production-nodeport-gpu.yaml'];
let dir: string;
let emulator: Emulator;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aml-k8s-changes-'));
  for (const f of FILES) copyFileSync(join(REPO, 'examples', f), join(dir, f));
  emulator = await startEmulator({ installTimeMs: 150, attachTimeMs: 50, deleteTimeMs: 100, retryAfterSeconds: 0, ...fixturesFromSpecs(FILES.map((f) => parse(readFileSync(join(dir, f), 'utf8')))) });
  writeFileSync(join(dir, 'kubeconfig'), emulator.kubeconfig());
  env = {
    ...emulator.env(),
    AML_K8S_POLL_INTERVAL_MS: '20',
    ML_TLS_CERT_PEM: readFileSync(join(REPO, 'examples/tls/ml-contoso-com.cert.pem'), 'utf8'),
    ML_TLS_KEY_PEM: readFileSync(join(REPO, 'examples/tls/ml-contoso-com.key.pem'), 'utf8'),
  };
});

afterAll(async () => {
  await emulator?.stop();
});

test('apply with a kubeconfig and --create-role-assignments, then --prune a removed spec file', async () => {
  const specs = FILES.map((f) => join(dir, f));
  // Without consent to grant roles, the compute with a user-assigned identity is refused, with the commands.
  const refused = await runCliAsync(['apply', ...specs, '--kubeconfig', join(dir, 'kubeconfig'), '--manifests-out', join(dir, 'out')], { env });
  expect(refused.code).toBe(1);
  expect(refused.stdout).toMatch(/arc-gpu +refused .*lacks 3 role assignment\(s\).*\n?.*az role assignment create --assignee-object-id/);
  expect(readFileSync(join(dir, 'out', 'aks-train-data.yaml'), 'utf8')).toContain('ml.azure.com/mountpath: /mnt/datasets');
  // The others converge: the storage goes through the cluster API once the compute is attached.
  expect(refused.stdout).toMatch(/aks-train-data +applied/);
  expect(refused.stderr).toContain('[aks-train-data] applying PersistentVolumeClaim ml-training/datasets through context aks-ml-train of');
  expect(existsSync(join(dir, 'out', 'arc-train.yaml'))).toBe(false);

  const applied = await runCliAsync(['apply', ...specs, '--kubeconfig', join(dir, 'kubeconfig'), '--create-role-assignments'], { env });
  expect({ code: applied.code, stderr: applied.code ? applied.stderr : '' }).toEqual({ code: 0, stderr: '' });
  expect(applied.stderr).toContain('[arc-gpu] granting Azure Relay Owner on');
  expect(emulator.state().computes).toHaveLength(3);

  const clean = await runCliAsync(['plan', ...specs, '--kubeconfig', join(dir, 'kubeconfig')], { env });
  expect(clean.code).toBe(0);

  rmSync(join(dir, 'arc-training-only.yaml'));
  const rest = specs.filter((s) => !s.endsWith('arc-training-only.yaml'));
  const plan = await runCliAsync(['plan', ...rest, '--prune'], { env });
  expect(plan.code).toBe(3);
  expect(plan.stdout).toContain('arc-train ((no spec file))');
  expect(plan.stdout).toMatch(/- compute arc-train in workspace ml-workspace: delete {2}⚠ DISRUPTIVE\n.*\n {2}- extension azureml on onprem-dev-01: delete {2}⚠ DISRUPTIVE/);
  expect(plan.stdout).toContain('  lost: compute arc-train in workspace ml-workspace');
  expect(plan.stdout).toContain('  kept: the cluster onprem-dev-01 itself');

  const noConsent = await runCliAsync(['apply', ...rest, '--prune'], { env });
  expect(noConsent.code).toBe(1);
  expect(noConsent.stderr).toContain('refusing disruptive changes without --allow-disruptive');

  const pruned = await runCliAsync(['apply', ...rest, '--prune', '--allow-disruptive'], { env });
  expect({ code: pruned.code, stderr: pruned.code ? pruned.stderr : '' }).toEqual({ code: 0, stderr: '' });
  expect(pruned.stderr).toMatch(/\[arc-train\] detaching compute arc-train from workspace ml-workspace\n(.*\n)*\[arc-train\] uninstalling extension azureml from onprem-dev-01 \(about 10 minutes in Azure\)/);
  expect(pruned.stdout).toMatch(/arc-train +applied/);
  expect(emulator.state().computes.map((c) => c.name).sort()).toEqual(['aks-train-data', 'arc-gpu']);
  expect(emulator.state().extensions).toHaveLength(2);
});

test('usage errors for the new options exit 2', () => {
  const spec = join(REPO, 'examples/training-data-storage.yaml');
  const noFile = runCli(['plan', spec, '--kubeconfig', join(dir, 'nope')]);
  expect(noFile.code).toBe(2);
  expect(noFile.stderr).toContain('--kubeconfig');
  const context = runCli(['apply', spec, '--kube-context', 'x']);
  expect(context.code).toBe(2);
  expect(context.stderr).toContain('--kube-context needs --kubeconfig FILE.');
  const wrongContext = runCli(['plan', spec, '--kubeconfig', join(dir, 'kubeconfig'), '--kube-context', 'nowhere']);
  expect(wrongContext.code).toBe(2);
  expect(wrongContext.stderr).toContain('has no context "nowhere"');
});
