import { expect, test } from '@jest/globals';
import { captureStdout } from '../../test/workflow-commands.ts';
import type { Diagnostic } from '@aml-k8s/shared/core';
import { annotate } from './annotations.ts';

const stdout = captureStdout();

const diagnostic = (i: number, severity: Diagnostic['severity']): Diagnostic => ({ severity, code: 'AMLK100', message: `problem ${i}`, file: `computes/c${i}.yaml`, line: i + 1, column: 1 });

test('one error annotation is left for the failure headline, so GitHub (10 per step) never hides it', () => {
  const r = annotate([...Array.from({ length: 15 }, (_, i) => diagnostic(i, 'error')), ...Array.from({ length: 12 }, (_, i) => diagnostic(i, 'warning'))]);
  expect(stdout.lines().filter((l) => l.startsWith('::error')).length).toBe(9);
  expect(stdout.lines().filter((l) => l.startsWith('::warning')).length).toBe(10);
  expect(r.overflow.filter((d) => d.severity === 'error')).toHaveLength(6);
});

test('errors in the files the pull request changed come first', () => {
  const all = Array.from({ length: 12 }, (_, i) => diagnostic(i, 'error'));
  const r = annotate(all, new Set(['computes/c11.yaml']));
  expect(r.annotated[0]!.file).toBe('computes/c11.yaml');
});
