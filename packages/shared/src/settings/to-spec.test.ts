import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { ComputeDocument } from '../model/types.ts';
import { azureBool, knownSetting } from './catalog.ts';
import { settingsFromSpec } from './from-spec.ts';
import type { RawSettingValue, SpecFromSettings } from './to-spec.ts';
import { envReference, fileContentReference, settingsToSpec, suggestEnvName } from './to-spec.ts';

const docWith = (r: SpecFromSettings): ComputeDocument => ({
  apiVersion: 'aml-k8s/v1',
  kind: 'KubernetesCompute',
  metadata: { name: 'c' },
  spec: {
    cluster: { type: 'aks', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', name: 'aks', ...(r.distribution ? { distribution: r.distribution } : {}) },
    extension: r.extension,
  },
});

const roundTrip = (plain: Record<string, RawSettingValue>, prot: Record<string, string> = {}) => {
  const r = settingsToSpec({ plain, protected: prot });
  return { r, out: settingsFromSpec(docWith(r)) };
};

describe('settingsToSpec: clean known values become typed fields', () => {
  test('training, inference, router type in any case, ILB, HA, purpose', () => {
    const { r } = roundTrip({ enableTraining: 'true', enableInference: 'TRUE', inferenceRouterServiceType: 'nodeport', internalLoadBalancerProvider: 'Azure', inferenceRouterHA: 'False', clusterPurpose: 'FastProd', allowInsecureConnections: 'True' });
    expect(r.extension).toEqual({
      training: true,
      inference: { routerServiceType: 'NodePort', internalLoadBalancer: true, highAvailability: false, clusterPurpose: 'FastProd', tls: { insecure: true } },
    });
    expect(r.placement.plain.inferenceRouterServiceType).toEqual(['spec', 'extension', 'inference', 'routerServiceType']);
  });

  test('TLS shapes: secret, PEM files, PEM from environment variables', () => {
    expect(settingsToSpec({ plain: { enableInference: 'True', sslCname: 'ml.contoso.com', sslSecret: 'tls' }, protected: {} }).extension.inference?.tls).toEqual({ cname: 'ml.contoso.com', secretName: 'tls' });
    expect(settingsToSpec({ plain: { enableInference: 'True', sslCname: 'h' }, protected: { sslCertPemFile: './c.pem', sslKeyPemFile: './k.pem' } }).extension.inference?.tls).toEqual({ cname: 'h', certFile: './c.pem', keyFile: './k.pem' });
    expect(settingsToSpec({ plain: { enableInference: 'True', sslCname: 'h' }, protected: { sslCertPemFile: '$CERT', sslKeyPemFile: '${KEY}' } }).extension.inference?.tls).toEqual({ cname: 'h', certEnv: 'CERT', keyEnv: 'KEY' });
  });

  test('node selectors, components and openshift', () => {
    const { r } = roundTrip({ enableTraining: 'True', 'nodeSelector.kubernetes.io/os': 'linux', installNvidiaDevicePlugin: 'True', installDcgmExporter: 'true', installPromOp: 'False', installVolcano: 'false', logAnalyticsWS: 'False', openshift: 'True' });
    expect(r.extension.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(r.extension.components).toEqual({ nvidiaDevicePlugin: true, dcgmExporter: true, prometheusOperator: false, volcano: false, logAnalytics: false });
    expect(r.distribution).toBe('openshift');
    expect(r.extension.settings).toBeUndefined();
  });
});

describe('settingsToSpec: what is not clean stays raw, exactly as written', () => {
  test('wrong case, typos, legacy keys, unclean booleans', () => {
    const { r } = roundTrip({ enableTraining: 'True', enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', InferenceRouterHA: 'False', allowInsecureConnections: 'Ture', privateEndpointILB: 'True', inferenceLoadBalancerHA: 'False' });
    expect(r.extension.settings).toEqual({ InferenceRouterHA: 'False', allowInsecureConnections: 'Ture', privateEndpointILB: 'True', inferenceLoadBalancerHA: 'False' });
    expect(r.extension.inference).toEqual({ routerServiceType: 'LoadBalancer' });
  });

  test('inference without a router type keeps an inference block without routerServiceType', () => {
    const { r } = roundTrip({ enableInference: 'True', inferenceRouterServiceType: 'Ingress' });
    expect(r.extension.inference).toEqual({});
    expect(r.extension.settings).toEqual({ inferenceRouterServiceType: 'Ingress' });
  });

  test('PEM paths given as plain settings stay plain (Azure ignores them there)', () => {
    const { r } = roundTrip({ enableInference: 'True', sslCname: 'h', sslCertPemFile: 'c.pem', sslKeyPemFile: 'k.pem' });
    expect(r.extension.inference?.tls).toBeUndefined();
    expect(r.extension.settings).toEqual({ sslCname: 'h', sslCertPemFile: 'c.pem', sslKeyPemFile: 'k.pem' });
  });

  test('a key in both maps stays in both maps', () => {
    const { out } = roundTrip({ enableTraining: 'True', sslCname: 'h' }, { sslCname: 'x', enableTraining: 'True' });
    expect(Object.keys(out.protected).sort()).toEqual(['enableTraining', 'sslCname']);
    expect(out.plain.sslCname).toBe('h');
    expect(out.plain.enableTraining).toBe('True');
  });

  test('a plain-only key given as protected stays protected (without its value), for the validator', () => {
    const r = settingsToSpec({ plain: { enableInference: 'True' }, protected: { inferenceRouterServiceType: 'NodePort', sslCname: 'ml.contoso.com' } });
    expect(r.extension.inference).toEqual({});
    expect(r.extension.protectedSettings).toEqual({ inferenceRouterServiceType: { env: 'INFERENCE_ROUTER_SERVICE_TYPE' }, sslCname: { env: 'SSL_CNAME' } });
  });

  test('a TLS combination that matches no spec shape stays raw', () => {
    const { r } = roundTrip({ enableInference: 'True', allowInsecureConnections: 'True', sslCname: 'h', sslSecret: 's' });
    expect(r.extension.inference?.tls).toBeUndefined();
    expect(r.extension.settings).toEqual({ allowInsecureConnections: 'True', sslCname: 'h', sslSecret: 's' });
  });
});

describe('settingsToSpec: protected values are never copied', () => {
  test('an inline connection string becomes an environment reference, with a note', () => {
    const r = settingsToSpec({ plain: { enableTraining: 'True' }, protected: { relayServerConnectionString: 'Endpoint=sb://x/;SharedAccessKey=TOPSECRET' } });
    expect(r.extension.protectedSettings).toEqual({ relayServerConnectionString: { env: 'RELAY_SERVER_CONNECTION_STRING' } });
    expect(JSON.stringify(r)).not.toContain('TOPSECRET');
    expect(r.notes).toEqual([expect.objectContaining({ key: 'relayServerConnectionString', kind: 'secret-replaced', env: 'RELAY_SERVER_CONNECTION_STRING' })]);
  });

  test('$VARIABLE and $(cat FILE) are kept as references', () => {
    const r = settingsToSpec({ plain: {}, protected: { a: '$RELAY', b: '$(cat secrets/b.txt)', c: "$(cat 'my dir/c.txt')" } });
    expect(r.extension.protectedSettings).toEqual({ a: { env: 'RELAY' }, b: { file: 'secrets/b.txt' }, c: { file: 'my dir/c.txt' } });
  });

  test('secret material in plain settings moves to protected, as an environment reference', () => {
    const r = settingsToSpec({ plain: { serviceBusConnectionString: 'Endpoint=sb://y/;SharedAccessKey=K' }, protected: {} });
    expect(r.extension.settings).toBeUndefined();
    expect(r.extension.protectedSettings).toEqual({ serviceBusConnectionString: { env: 'SERVICE_BUS_CONNECTION_STRING' } });
    expect(JSON.stringify(r)).not.toContain('SharedAccessKey=K');
  });

  test('enableTraining and sslSecret given as protected move to plain, where Azure reads them too', () => {
    const r = settingsToSpec({ plain: { enableInference: 'True', sslCname: 'h' }, protected: { enableTraining: 'True', sslSecret: 'tls' } });
    expect(r.extension.training).toBe(true);
    expect(r.extension.inference?.tls).toEqual({ cname: 'h', secretName: 'tls' });
    expect(r.extension.protectedSettings).toBeUndefined();
    expect(r.notes.map((n) => n.kind)).toEqual(['moved-to-plain', 'moved-to-plain']);
  });
});

test('reference helpers', () => {
  expect(envReference('$A_1')).toBe('A_1');
  expect(envReference('${A}')).toBe('A');
  expect(envReference('$env:A')).toBe('A');
  expect(envReference('$A/b')).toBeUndefined();
  expect(fileContentReference('$(< x.txt)')).toBe('x.txt');
  expect(fileContentReference('$(cat x y)')).toBeUndefined();
  expect(suggestEnvName('relayserver.relayConnectionString')).toBe('RELAYSERVER_RELAY_CONNECTION_STRING');
  expect(suggestEnvName('1key')).toBe('SETTING_1KEY');
});

// How Azure reads a configuration (reference §1, §2; the CLI moves enableTraining/enableInference
// to plain and reads most keys from either map), reduced to what must survive the import.
const ENUMS_ANY_CASE = new Set(['inferenceRouterServiceType', 'internalLoadBalancerProvider']);
const SECRET = /SharedAccessKey=|-----BEGIN/;

const KEYS = [
  'enableTraining', 'enableInference', 'inferenceRouterServiceType', 'internalLoadBalancerProvider', 'allowInsecureConnections', 'sslSecret', 'sslCname',
  'sslCertPemFile', 'sslKeyPemFile', 'inferenceRouterHA', 'installNvidiaDevicePlugin', 'installPromOp', 'installVolcano', 'installDcgmExporter', 'logAnalyticsWS',
  'openshift', 'clusterPurpose', 'isAKSMigration', 'relayServerConnectionString', 'nodeSelector.pool', 'nodeSelector.kubernetes.io/os', 'InferenceRouterHA',
  'inferenceLoadBalancerHA', 'privateEndpointILB', 'sslCertKeyFile', 'domain', 'scoringFe.sslCert', 'nginxIngress.controller', 'custom.key',
];
const VALUES = ['True', 'true', 'FALSE', 'Ture', '', 'yes', 'LoadBalancer', 'nodeport', 'ClusterIP', 'Ingress', 'azure', 'AZURE', 'DevTest', 'devtest', 'h.contoso.com', '<cname>', './c.pem', '$VAR', 'Endpoint=sb://x/;SharedAccessKey=abc'];

test('property: settingsFromSpec of the import keeps the keys, maps and truthiness Azure would read', () => {
  const map = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 12 });
  fc.assert(
    fc.property(map, map, (plain, prot) => {
      const { r, out } = roundTrip(plain, prot);
      const outKeys = { plain: new Set(Object.keys(out.plain)), protected: new Set(Object.keys(out.protected)) };
      for (const [key, value] of Object.entries(plain)) {
        const flag = key === 'enableTraining' || key === 'enableInference';
        const secret = !flag && (SECRET.test(value) || key === 'relayServerConnectionString' || key === 'scoringFe.sslCert');
        if (secret && !(key in prot)) {
          expect(outKeys.protected.has(key)).toBe(true);
          continue;
        }
        expect(outKeys.plain.has(key)).toBe(true);
        const got = out.plain[key]!;
        if (secret) continue;
        if (knownSetting(key)?.kind === 'bool') expect(azureBool(got)).toBe(azureBool(value));
        else if (ENUMS_ANY_CASE.has(key)) expect(got.toLowerCase()).toBe(value.toLowerCase());
        else expect(got).toBe(value);
      }
      for (const [key, value] of Object.entries(prot)) {
        const readFromEither = key === 'enableTraining' || key === 'enableInference' || key === 'sslSecret';
        if (readFromEither && !(key in plain) && !(key === 'sslSecret' && SECRET.test(value))) {
          expect(outKeys.plain.has(key)).toBe(true);
          if (key !== 'sslSecret') expect(azureBool(out.plain[key])).toBe(azureBool(value));
          continue;
        }
        expect(outKeys.protected.has(key)).toBe(true);
      }
      // Nothing appears that was not given, except the two keys settingsFromSpec always writes.
      for (const key of outKeys.plain) expect(key in plain || key in prot || key === 'enableTraining' || key === 'enableInference').toBe(true);
      for (const key of outKeys.protected) expect(key in plain || key in prot).toBe(true);
      // Absent enableTraining/enableInference read as false, as Azure reads them.
      if (!('enableTraining' in plain) && !('enableTraining' in prot)) expect(out.plain.enableTraining).toBe('False');
      // No protected secret value is copied into the spec.
      for (const value of Object.values(prot)) if (SECRET.test(value)) expect(JSON.stringify(r.extension)).not.toContain(value);
    }),
    { numRuns: 500 },
  );
});
