// Scaffolder actions: validate a compute from the template form, and write its spec file.
import { formatDiagnostic, validateSpecs } from '@aml-k8s/shared/core';
import type { Diagnostic } from '@aml-k8s/shared/core';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, normalize } from 'node:path';
import { defaultSpecPath, renderSpecYaml } from './form.ts';
import type { ComputeFormInput } from './form.ts';
import { diagnosticsSchema, formInputSchema } from './schema.ts';

export const VALIDATE_ACTION_ID = 'azureml:compute:validate';
export const RENDER_ACTION_ID = 'azureml:compute:render';

const EXAMPLE_INPUT = `      computeName: \${{ parameters.computeName }}
      owner: \${{ parameters.owner }}
      cluster:
        type: aks
        subscriptionId: \${{ parameters.subscriptionId }}
        resourceGroup: ml-prod-rg
        name: aks-ml-scoring
      workspace:
        resourceGroup: ml-rg
        name: ml-workspace
      namespace: scoring
      training: true
      inference:
        routerServiceType: LoadBalancer
        tls: { cname: scoring.contoso.com, secretName: ml-scoring-tls }`;

interface Checked {
  path: string;
  content: string;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
}

/** Relative, inside the workspace, a YAML file. */
function specPath(input: ComputeFormInput & { path?: string }): string {
  const path = input.path?.trim() || defaultSpecPath(input);
  const normalized = normalize(path).replace(/\\/g, '/');
  if (isAbsolute(path) || normalized.startsWith('../') || normalized === '..') throw new InputError(`path must be relative and inside the workspace: ${path}`);
  if (!/\.ya?ml$/i.test(normalized)) throw new InputError(`path must name a .yaml file: ${path}`);
  return normalized;
}

function check(input: ComputeFormInput & { path?: string }): Checked {
  const path = specPath(input);
  const content = renderSpecYaml(input);
  // The form cannot name local files (TLS comes from a secret), so no file is ever read.
  const { diagnostics } = validateSpecs([{ file: path, text: content }], { readFile: () => undefined });
  return { path, content, diagnostics, errors: diagnostics.filter((d) => d.severity === 'error').length, warnings: diagnostics.filter((d) => d.severity === 'warning').length };
}

function failure(checked: Checked, includeWarnings: boolean): InputError {
  const shown = checked.diagnostics.filter((d) => d.severity === 'error' || (includeWarnings && d.severity === 'warning'));
  return new InputError(`The compute spec is not valid:\n${shown.map(formatDiagnostic).join('\n')}`);
}

export function createValidateComputeAction() {
  return createTemplateAction({
    id: VALIDATE_ACTION_ID,
    description: 'Builds an Azure ML Kubernetes compute spec from the form input and validates it with every aml-k8s rule; errors fail the step.',
    supportsDryRun: true,
    examples: [{ description: 'Validate the compute the form describes', example: `steps:\n  - id: validate\n    name: Validate compute\n    action: ${VALIDATE_ACTION_ID}\n    input:\n${EXAMPLE_INPUT}\n` }],
    schema: {
      input: { ...formInputSchema, path: (z) => z.string().optional().describe('File name used in the messages (default computes/<computeName>.yaml)'), failOnWarnings: (z) => z.boolean().optional().describe('Fail on warnings too') },
      output: {
        valid: (z) => z.boolean().describe('No errors'),
        errors: (z) => z.number(),
        warnings: (z) => z.number(),
        diagnostics: diagnosticsSchema,
        content: (z) => z.string().describe('The spec YAML that was checked'),
      },
    },
    async handler(ctx) {
      const input = ctx.input as unknown as ComputeFormInput & { path?: string; failOnWarnings?: boolean };
      const checked = check(input);
      for (const d of checked.diagnostics) (d.severity === 'error' ? ctx.logger.error : ctx.logger.warn).call(ctx.logger, formatDiagnostic(d));
      ctx.output('valid', checked.errors === 0);
      ctx.output('errors', checked.errors);
      ctx.output('warnings', checked.warnings);
      ctx.output('diagnostics', checked.diagnostics as never);
      ctx.output('content', checked.content);
      if (checked.errors > 0 || (input.failOnWarnings && checked.warnings > 0)) throw failure(checked, !!input.failOnWarnings);
      ctx.logger.info(`${checked.path}: valid (${checked.warnings} warning(s))`);
    },
  });
}

export function createRenderComputeAction() {
  return createTemplateAction({
    id: RENDER_ACTION_ID,
    description: 'Writes the Azure ML Kubernetes compute spec built from the form input into the task workspace, after validating it; a spec with errors fails the step and writes nothing.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Write the spec, then open a pull request with it',
        example: `steps:\n  - id: render\n    name: Write compute spec\n    action: ${RENDER_ACTION_ID}\n    input:\n${EXAMPLE_INPUT}\n  - id: publish\n    name: Open pull request\n    action: publish:github:pull-request\n    input:\n      repoUrl: github.com?owner=contoso&repo=ml-computes\n      branchName: compute-\${{ parameters.computeName }}\n      title: Add compute \${{ parameters.computeName }}\n      description: \${{ steps.render.output.path }}\n`,
      },
    ],
    schema: {
      input: { ...formInputSchema, path: (z) => z.string().optional().describe('Where to write the spec in the workspace (default computes/<computeName>.yaml)') },
      output: {
        path: (z) => z.string().describe('The file written, relative to the workspace'),
        content: (z) => z.string().describe('The spec YAML'),
        diagnostics: diagnosticsSchema,
      },
    },
    async handler(ctx) {
      const input = ctx.input as unknown as ComputeFormInput & { path?: string };
      const checked = check(input);
      for (const d of checked.diagnostics) (d.severity === 'error' ? ctx.logger.error : ctx.logger.warn).call(ctx.logger, formatDiagnostic(d));
      if (checked.errors > 0) throw failure(checked, false);
      // In a dry run the workspace is a temporary one whose files the template editor previews.
      const target = resolveSafeChildPath(ctx.workspacePath, checked.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, checked.content, 'utf8');
      ctx.logger.info(`${ctx.isDryRun ? '[dry run] ' : ''}wrote ${checked.path}`);
      ctx.output('path', checked.path);
      ctx.output('content', checked.content);
      ctx.output('diagnostics', checked.diagnostics as never);
    },
  });
}
