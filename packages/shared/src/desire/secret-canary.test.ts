// A canary secret, in a PEM file and in an environment variable, must not show up in anything
// aml-k8s prints or raises, nor in any generic stringification of the desired state.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { renderArm } from '../render/arm.ts';
import { renderManifests } from '../render/manifests.ts';
import { SecretValue } from '../secrets/secret-value.ts';
import type { ComputeDocument } from '../model/types.ts';
import { desire } from './desire.ts';
import { withRelayConnection } from './relay.ts';

const PEM_MARKER = 'CANARY7f3e9aPEMx';
const ENV_MARKER = 'CANARY41c0dENVx';
const CERT = `-----BEGIN CERTIFICATE-----\nMIIB${PEM_MARKER}AAAA\n-----END CERTIFICATE-----\n`;
const KEY = `-----BEGIN PRIVATE KEY-----\nMIIE${PEM_MARKER}BBBB\n-----END PRIVATE KEY-----\n`;
const RELAY = `Endpoint=sb://relay.servicebus.windows.net/;SharedAccessKeyName=azureml_rw;SharedAccessKey=${ENV_MARKER}`;

const dir = mkdtempSync(join(tmpdir(), 'amlk-canary-'));
writeFileSync(join(dir, 'cert.pem'), CERT);
writeFileSync(join(dir, 'key.pem'), KEY);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The marker, and every base64 encoding in which it could appear inside a longer value. */
function forbidden(marker: string, whole: string[]): string[] {
  const out = [marker, ...whole.map((w) => Buffer.from(w).toString('base64'))];
  for (const pad of ['', 'x', 'xx']) {
    const b64 = Buffer.from(pad + marker).toString('base64');
    out.push(b64.slice(pad.length === 0 ? 0 : 4, -4));
  }
  return out;
}
const FORBIDDEN = [...forbidden(PEM_MARKER, [CERT, KEY]), ...forbidden(ENV_MARKER, [RELAY])];
const expectClean = (text: string): void => {
  for (const f of FORBIDDEN) expect(text).not.toContain(f);
};

const doc: ComputeDocument = {
  apiVersion: 'aml-k8s/v1',
  kind: 'KubernetesCompute',
  metadata: { name: 'arc-gpu' },
  spec: {
    cluster: { type: 'arc', subscriptionId: '00000000-0000-0000-0000-000000000002', resourceGroup: 'onprem-k8s-rg', name: 'onprem-gpu-01', distribution: 'openshift' },
    extension: {
      training: true,
      inference: { routerServiceType: 'NodePort', tls: { cname: 'ml.contoso.com', certFile: 'cert.pem', keyFile: 'key.pem' } },
      protectedSettings: { relayServerConnectionString: { env: 'CANARY_RELAY' } },
    },
    attach: { workspace: { resourceGroup: 'ml-rg', name: 'ml-workspace' } },
    instanceTypes: { small: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } } },
  },
};
const env = { CANARY_RELAY: RELAY };
const facts = { id: 'x', type: 'arc' as const, location: 'eastus', nodeCount: 3 };

describe('secret canary', () => {
  const state = desire(doc, { specDir: dir, env, facts, resolveSecrets: true, workspaceLocation: 'eastus' });
  const withRelay = { ...state, extension: { ...state.extension, body: withRelayConnection(state.extension.body, { connectionString: SecretValue.of('relay', RELAY), hybridConnectionResourceId: 'hc', hybridConnectionName: 'onprem-gpu-01' }) } };

  test('the canary really is in the desired state (positive control)', () => {
    const prot = state.extension.body.configurationProtectedSettings;
    expect(Buffer.from(prot['scoringFe.sslCert']!.reveal(), 'base64').toString()).toContain(PEM_MARKER);
    expect(prot.relayServerConnectionString!.reveal()).toContain(ENV_MARKER);
    expect(renderArm(state, { showSecrets: true })).toContain(ENV_MARKER);
    expect(() => expectClean(renderArm(state, { showSecrets: true }))).toThrow();
    // The aligned fragments find the marker inside any base64 text that embeds it.
    const embedded = Buffer.from(`xy${CERT}`).toString('base64');
    expect(forbidden(PEM_MARKER, []).slice(1).some((f) => embedded.includes(f))).toBe(true);
  });

  test('renderers print no secret', () => {
    for (const s of [state, withRelay]) {
      expectClean(renderArm(s));
      expectClean(renderManifests(s));
    }
  });

  test('generic stringification prints no secret', () => {
    for (const s of [state, withRelay]) {
      expectClean(JSON.stringify(s));
      expectClean(String(Object.values(s.extension.body.configurationProtectedSettings)));
      expectClean(inspect(s, { depth: null, showHidden: true }));
      expectClean(`${s.extension.body.configurationProtectedSettings['scoringFe.sslKey']}`);
      expectClean(s.extension.notes.join('\n'));
    }
  });

  test('errors print no secret', () => {
    const broken: ComputeDocument = { ...doc, spec: { ...doc.spec, extension: { ...doc.spec.extension, protectedSettings: { relayServerConnectionString: { env: 'CANARY_RELAY' }, serviceBusConnectionString: { file: 'missing.txt' } } } } };
    let message = '';
    try {
      desire(broken, { specDir: dir, env, facts, resolveSecrets: true });
    } catch (error) {
      message = `${String(error)}\n${(error as Error).stack ?? ''}\n${inspect(error)}`;
    }
    expect(message).toMatch(/missing\.txt/);
    expectClean(message);
  });
});
