// The routes answer the core's diagnostics under the common package's `Diagnostic` (the frontend
// may not import the core): the two types must stay the same, field for field.
import { describe, expect, test } from '@jest/globals';
import { ROUTER_SERVICE_TYPES } from '@aml-k8s/shared/core';
import type { Diagnostic as CoreDiagnostic, RouterServiceType } from '@aml-k8s/shared/core';
import { ROUTER_SERVICE_TYPE_NAMES } from '@aml-k8s/plugin-azureml-compute-common';
import type { Diagnostic, RouterServiceTypeName } from '@aml-k8s/plugin-azureml-compute-common';
import { validateDraft } from './router.ts';

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe('the REST contract', () => {
  test("the common Diagnostic is the core's", () => {
    const same: Same<CoreDiagnostic, Diagnostic> = true;
    expect(same).toBe(true);
  });

  test("the common router service types are the settings table's", () => {
    const same: Same<RouterServiceType, RouterServiceTypeName> = true;
    expect(same).toBe(true);
    expect([...ROUTER_SERVICE_TYPE_NAMES]).toEqual([...ROUTER_SERVICE_TYPES]);
  });

  test('POST /validate answers every field the contract names', () => {
    const { diagnostics } = validateDraft({ text: 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\nmetadata: { name: x }\nspec: {}\n', file: 'x.yaml' });
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d).toEqual(expect.objectContaining({ severity: expect.any(String), code: expect.any(String), message: expect.any(String), file: 'x.yaml', line: expect.any(Number), column: expect.any(Number) }));
  });
});
