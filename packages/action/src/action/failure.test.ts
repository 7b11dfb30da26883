import { expect, test } from '@jest/globals';
import { AmlK8sError, AzureError, KubernetesApiError } from '@aml-k8s/shared';
import { UsageError } from '../cli/io.ts';
import { asAzureForbidden } from './azure.ts';
import { ActionFailure, FAILURE_REASONS } from './failure.ts';
import { GitHubApiError } from './github-errors.ts';
import { InputError } from './inputs.ts';

test('the Action errors are AmlK8sErrors whose codes are failure reasons', () => {
  const errors = [
    new ActionFailure('locked', 'an operation is running'),
    new InputError('Input "cloud" must be one of AzureCloud; got "x".'),
    new GitHubApiError({ status: 403, method: 'POST', url: 'https://api.github.com/x', operation: 'createComment', githubMessage: 'Resource not accessible by integration' }),
  ];
  expect(errors.map((e) => [e.name, e.code])).toEqual([
    ['ActionFailure', 'locked'],
    ['InputError', 'invalid-input'],
    ['GitHubApiError', 'github-api-failed'],
  ]);
  for (const e of errors) {
    expect(e).toBeInstanceOf(AmlK8sError);
    expect(Object.keys(FAILURE_REASONS)).toContain(e.code);
  }
});

test('ActionFailure: reason is its code; remedy and cause when given', () => {
  const cause = new Error('refused');
  const e = new ActionFailure('apply-failed', 'Nothing was applied.', { remedy: 'Label the pull request.', cause });
  expect(e.reason).toBe('apply-failed');
  expect(e.code).toBe(e.reason);
  expect(e).toMatchObject({ message: 'Nothing was applied.', remedy: 'Label the pull request.', cause });
});

test('UsageError has code usage', () => {
  expect(new UsageError('--format must be text, json')).toMatchObject({ name: 'UsageError', code: 'usage' });
});

test('azure-forbidden: an Azure 403 or an SDK error shaped like one, never another aml-k8s error', () => {
  expect(asAzureForbidden(new AzureError('GET /x: no access', 'AuthorizationFailed', 403))?.code).toBe('azure-forbidden');
  expect(asAzureForbidden(Object.assign(new Error('forbidden'), { statusCode: 403 }))?.code).toBe('azure-forbidden');
  expect(asAzureForbidden(new KubernetesApiError('kubernetes-call-failed', 'applying x: forbidden', 403, 'Forbidden'))).toBeUndefined();
  expect(asAzureForbidden(new GitHubApiError({ status: 403, method: 'GET', url: 'https://api.github.com/x', operation: 'listLabels', githubMessage: 'Forbidden' }))).toBeUndefined();
  expect(asAzureForbidden(new AzureError('GET /x: conflict', 'Conflict', 409))).toBeUndefined();
});
