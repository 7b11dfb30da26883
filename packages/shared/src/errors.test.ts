import { describe, expect, test } from '@jest/globals';
import { inspect } from 'node:util';
import { ApplyRefused } from './apply/apply.ts';
import { AzureError } from './azure/gateway.ts';
import { KubernetesApiError } from './cluster/kubernetes-api.ts';
import { AmlK8sError, isAmlK8sError } from './errors.ts';
import { SpecPathError } from './model/load.ts';
import { SecretResolutionError } from './secrets/resolve.ts';
import { UnresolvedSecretError } from './secrets/secret-value.ts';

describe('AmlK8sError', () => {
  test('carries a code, the message, and remedy and cause only when given', () => {
    const cause = new Error('underneath');
    const e = new AmlK8sError('some-code', 'it failed', { remedy: 'do this', cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: 'some-code', message: 'it failed', remedy: 'do this', name: 'AmlK8sError' });
    expect(e.cause).toBe(cause);

    const bare = new AmlK8sError('bare', 'no extras');
    expect('remedy' in bare).toBe(false);
    expect('cause' in bare).toBe(false);
    expect(inspect(bare)).not.toMatch(/remedy/);
  });

  // Every error the core throws on purpose, with the code it has (their codes and names are public).
  const core: [AmlK8sError, string, string][] = [
    [new SpecPathError('x.yaml', 'x.yaml: no such file or folder.'), 'SpecPathError', 'spec-path-missing'],
    [new SecretResolutionError('SECRET_ENV_MISSING', { env: 'X' }, 'k', 'X is not set'), 'SecretResolutionError', 'SECRET_ENV_MISSING'],
    [new UnresolvedSecretError('k'), 'UnresolvedSecretError', 'SECRET_UNRESOLVED'],
    [new AzureError('GET /x: forbidden', 'AuthorizationFailed', 403), 'AzureError', 'AuthorizationFailed'],
    [new KubernetesApiError('kubernetes-call-failed', 'applying ConfigMap x: forbidden', 403, 'Forbidden'), 'KubernetesApiError', 'kubernetes-call-failed'],
    [new ApplyRefused('disruptive-without-consent', 'refusing disruptive changes'), 'ApplyRefused', 'disruptive-without-consent'],
    [new ApplyRefused('validation-errors', 'the specs have errors'), 'ApplyRefused', 'validation-errors'],
  ];

  test.each(core)('%s is an AmlK8sError named %s with code %s', (error, name, code) => {
    expect(error).toBeInstanceOf(AmlK8sError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(isAmlK8sError(error)).toBe(true);
    expect(isAmlK8sError(error, code)).toBe(true);
    expect(isAmlK8sError(error, 'another-code')).toBe(false);
    expect(String(error)).toBe(`${name}: ${error.message}`);
  });

  test('subclasses keep their own fields and stay apart', () => {
    const azure = new AzureError('m', 'Conflict', 409);
    const kube = new KubernetesApiError('kubernetes-not-configured', 'no context');
    expect(azure.status).toBe(409);
    expect(kube).toMatchObject({ status: undefined, reason: undefined });
    expect(azure).not.toBeInstanceOf(KubernetesApiError);
    expect(kube).not.toBeInstanceOf(AzureError);
    expect(new ApplyRefused('validation-errors', 'm').diagnostics).toEqual([]);
  });

  test('isAmlK8sError: only aml-k8s errors, also from another copy of the core', () => {
    expect(isAmlK8sError(new Error('plain'))).toBe(false);
    expect(isAmlK8sError(Object.assign(new Error('look-alike'), { code: 'spec-path-missing' }))).toBe(false);
    expect(isAmlK8sError(undefined)).toBe(false);
    expect(isAmlK8sError('spec-path-missing')).toBe(false);
    // A second bundle's class has its own prototype, but the same registered brand.
    class OtherCopy extends Error {
      readonly code = 'spec-path-missing';
      get [Symbol.for('aml-k8s.error')](): true {
        return true;
      }
    }
    expect(isAmlK8sError(new OtherCopy('m'), 'spec-path-missing')).toBe(true);
  });
});
