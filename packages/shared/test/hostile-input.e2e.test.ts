// Hostile spec input through apply: Azure's failure messages quoting protected values are scrubbed,
// and setting keys named like Object.prototype members are keys like any other.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Emulator } from '@aml-k8s/arm-emulator';
import { applySpecs } from '../src/apply/apply.ts';
import type { AzureGateway } from '../src/azure/gateway.ts';
import { applyOptions, edit, emulatorFor, example, exampleEnv, gatewayFor } from './e2e-support.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** The gateway, with extension writes failing as Helm does: quoting the values it was given. */
function quotingFailures(gateway: AzureGateway, quote: (body: unknown) => string, as: 'thrown' | 'failed-state'): AzureGateway {
  return new Proxy(gateway, {
    get(target, prop, receiver) {
      if (prop === 'createExtension' || prop === 'updateExtension') {
        return async (_ref: unknown, body: unknown) => {
          const message = `Helm installation failed: values don't meet the specifications: ${quote(body)}`;
          if (as === 'thrown') throw new Error(message);
          return { provisioningState: 'Failed', configurationSettings: {}, errorInfo: { code: 'ExtensionOperationFailed', message }, statuses: [{ level: 'Error', message }] };
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe('apply scrubs what Azure says', () => {
  test.each(['thrown', 'failed-state'] as const)('a failure message (%s) quoting a protected value (raw, base64, one PEM line) shows none of them', async (as) => {
    const inputs = edit(example('arc-production-nodeport-gpu'), 'dcgmExporter: true', 'dcgmExporter: true\n    protectedSettings:\n      serviceBusConnectionString: { env: SB_CONN }');
    emulator = await emulatorFor(inputs);
    const secret = 'Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=c2VjcmV0LWtleS12YWx1ZQ==';
    const keyPem = exampleEnv().ML_TLS_KEY_PEM!;
    const keyLine = keyPem.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'))!;
    const gateway = quotingFailures(gatewayFor(emulator), () => `serviceBusConnectionString=${secret} sslKey=${Buffer.from(keyPem).toString('base64')} line: ${keyLine} raw: ${JSON.stringify(secret)}`, as);
    const r = await applySpecs(inputs, gateway, applyOptions({ createRoleAssignments: true, env: { ...exampleEnv(), SB_CONN: secret } }));
    const failed = r.results.find((x) => x.outcome === 'failed');
    expect(failed?.error?.message).toMatch(/Helm installation failed/);
    const out = JSON.stringify(r.results);
    expect(out).not.toContain(secret);
    expect(out).not.toContain('c2VjcmV0LWtleS12YWx1ZQ');
    expect(out).not.toContain(keyLine);
    expect(out).not.toContain(Buffer.from(keyPem).toString('base64').slice(0, 40));
    expect(out).toContain('<redacted');
  });
});

describe('keys named like Object.prototype members', () => {
  test('settings and protectedSettings keys constructor, toString, hasOwnProperty, __proto__ are applied as keys', async () => {
    const inputs = edit(
      example('arc-production-nodeport-gpu'),
      'dcgmExporter: true',
      'dcgmExporter: true\n    settings:\n      constructor: a\n      toString: b\n      hasOwnProperty: c\n    protectedSettings:\n      __proto__: { env: P2 }\n      valueOf: { env: P1 }\n      isPrototypeOf: { env: P1 }',
    );
    emulator = await emulatorFor(inputs);
    const r = await applySpecs(inputs, gatewayFor(emulator), applyOptions({ createRoleAssignments: true, env: { ...exampleEnv(), P1: 'one-secret', P2: 'two-secret' } }));
    expect(r.results.map((x) => [x.outcome, x.error?.message])).toEqual([['applied', undefined]]);
    const ext = emulator.state().extensions[0]!;
    expect(Object.getOwnPropertyDescriptor(ext.configurationSettings, 'constructor')?.value).toBe('a');
    expect(Object.getOwnPropertyDescriptor(ext.configurationSettings, 'hasOwnProperty')?.value).toBe('c');
  });
});
