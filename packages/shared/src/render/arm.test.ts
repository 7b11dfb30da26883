import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desire } from '../desire/desire.ts';
import type { ComputeDocument } from '../model/types.ts';
import { COMPUTE_API_VERSION, EXTENSION_API_VERSION, armRequests, renderArm } from './arm.ts';

const SUB = '00000000-0000-0000-0000-000000000002';
const dir = mkdtempSync(join(tmpdir(), 'amlk-arm-'));
writeFileSync(join(dir, 'c.pem'), 'CERT-TEXT');
writeFileSync(join(dir, 'k.pem'), 'KEY-TEXT');

const doc: ComputeDocument = {
  apiVersion: 'aml-k8s/v1',
  kind: 'KubernetesCompute',
  metadata: { name: 'arc-gpu' },
  spec: {
    cluster: { type: 'arc', subscriptionId: SUB, resourceGroup: 'onprem-k8s-rg', name: 'onprem-gpu-01' },
    extension: { training: true, inference: { routerServiceType: 'NodePort', tls: { cname: 'ml.contoso.com', certFile: 'c.pem', keyFile: 'k.pem' } } },
    attach: { workspace: { subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'ml-rg', name: 'ml-workspace' }, identity: { type: 'SystemAssigned' } },
  },
};
const facts = { id: 'x', type: 'arc' as const, location: 'westeurope', nodeCount: 4 };

describe('ARM rendering', () => {
  test('one PUT per resource with its path and api-version, wire-shaped bodies', () => {
    const state = desire(doc, { specDir: dir, facts, workspaceLocation: 'westeurope' });
    const [ext, compute] = armRequests(state);
    expect(ext).toMatchObject({ method: 'PUT', path: state.extension.id, apiVersion: EXTENSION_API_VERSION });
    expect(ext!.body).toMatchObject({ identity: { type: 'SystemAssigned' }, properties: { extensionType: 'microsoft.azureml.kubernetes', scope: { cluster: { releaseNamespace: 'azureml' } } } });
    expect(compute).toMatchObject({ method: 'PUT', path: state.compute!.id, apiVersion: COMPUTE_API_VERSION, body: { location: 'westeurope', properties: { computeType: 'Kubernetes' } } });
    const text = renderArm(state);
    expect(text).toContain(`PUT ${state.extension.id}?api-version=${EXTENSION_API_VERSION}\n`);
    expect(text).toContain(`PUT ${state.compute!.id}?api-version=${COMPUTE_API_VERSION}\n`);
    expect(text).toMatch(/^### PUT extension azureml on connectedClusters\/onprem-gpu-01$/m);
    expect(text).toMatch(/^# The extension needs an Azure Relay/m);
    const bodies = text.split(/\n(?=\{)/).slice(1).map((chunk) => JSON.parse(chunk.slice(0, chunk.indexOf('\n}') + 2)) as unknown);
    expect(bodies).toEqual([ext!.body, compute!.body]);
  });

  test('protected values are placeholders unless showSecrets is asked for', () => {
    const state = desire(doc, { specDir: dir, facts, resolveSecrets: true });
    const hidden = renderArm(state);
    expect(hidden).toContain('"scoringFe.sslCert": "<protected:scoringFe.sslCert>"');
    expect(hidden).not.toContain(Buffer.from('CERT-TEXT').toString('base64'));
    const shown = renderArm(state, { showSecrets: true });
    expect(shown).toContain(`"scoringFe.sslCert": "${Buffer.from('CERT-TEXT').toString('base64')}"`);
    expect(shown).toContain('"sslCertPemFile": "c.pem"');
    const offline = renderArm(desire(doc, { specDir: dir }), { showSecrets: true });
    expect(offline).toContain('<protected:scoringFe.sslKey>');
    expect(offline).toMatch(/still print as placeholders/);
  });

  test('api versions can be chosen; an absent compute prints no PUT', () => {
    const state = desire(doc, { specDir: dir });
    expect(renderArm(state, { extensionApiVersion: '2024-11-01', computeApiVersion: '2025-12-01' })).toMatch(/api-version=2024-11-01[\s\S]*api-version=2025-12-01/);
    const absent = renderArm(desire({ ...doc, spec: { ...doc.spec, state: 'absent' } }, { specDir: dir }));
    expect(absent).not.toMatch(/^PUT /m);
    expect(absent).toMatch(/detaches compute arc-gpu/);
  });
});
