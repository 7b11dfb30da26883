// `aml-k8s plan` over a fleet in one workspace reads the workspace once and lists its computes once
// (the CLI plans through the same planSpecSet as the Action and apply).
import { afterAll, expect, test } from '@jest/globals';
import { fixturesFromSpecs, startEmulator } from '@aml-k8s/arm-emulator';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { parse } from 'yaml';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from './run-cli.ts';

const SUB = '00000000-0000-0000-0000-0000000000ac';
const NAMES = ['cli-fleet-a', 'cli-fleet-b', 'cli-fleet-c', 'cli-fleet-d', 'cli-fleet-e'];
const WORKSPACE = '/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace';
let emulator: Emulator | undefined;

afterAll(async () => {
  await emulator?.stop();
});

test(`plan of ${NAMES.length} computes in one workspace: one workspace read, one compute listing, no per-compute read`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-plan-reads-'));
  const texts = NAMES.map(
    (name, i) => `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: ${name}, owner: group:default/ml-platform }
spec:
  cluster: { type: aks, subscriptionId: ${SUB}, resourceGroup: fleet-rg, name: aks-${i} }
  extension: { training: true }
  attach:
    workspace: { resourceGroup: ml-rg, name: ml-workspace }
`,
  );
  texts.forEach((t, i) => writeFileSync(join(dir, `${NAMES[i]}.yaml`), t));
  emulator = await startEmulator({ retryAfterSeconds: 0, ...fixturesFromSpecs(texts.map((t) => parse(t))) });
  const r = await runCliAsync(['plan', dir, '--format', 'json'], { env: { ...emulator.env(), AML_K8S_POLL_INTERVAL_MS: '20' } });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 3, stderr: '' });
  expect((JSON.parse(r.stdout) as { computes: unknown[] }).computes).toHaveLength(NAMES.length);
  const gets = emulator.requests().filter((q) => q.method === 'GET' && q.path.includes('/workspaces/'));
  expect(gets.filter((q) => q.path.endsWith(WORKSPACE))).toHaveLength(1);
  expect(gets.filter((q) => q.path.endsWith(`${WORKSPACE}/computes`))).toHaveLength(1);
  expect(gets.filter((q) => /\/computes\/[^/]+$/.test(q.path))).toEqual([]);
});
