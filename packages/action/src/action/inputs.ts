// The Action's inputs (action.yml), read and checked once.
import { getBooleanInput, getInput } from '@actions/core';
import { AmlK8sError } from '@aml-k8s/shared/core';

export type Mode = 'auto' | 'plan' | 'apply' | 'drift' | 'list';
const MODES: readonly Mode[] = ['auto', 'plan', 'apply', 'drift', 'list'];

export type Cloud = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';
const CLOUDS: Record<Cloud, { arm: string; authority: string }> = {
  AzureCloud: { arm: 'https://management.azure.com', authority: 'https://login.microsoftonline.com' },
  AzureUSGovernment: { arm: 'https://management.usgovcloudapi.net', authority: 'https://login.microsoftonline.us' },
  AzureChinaCloud: { arm: 'https://management.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn' },
};

export interface ActionInputs {
  specs: string[];
  mode: Mode;
  githubToken: string;
  comment: boolean;
  allowDisruptive: boolean;
  allowDisruptiveLabel: string;
  prune: boolean;
  forceDelete: boolean;
  createRoleAssignments: boolean;
  concurrency: number;
  armEndpoint: string;
  authorityHost: string;
  cloud: Cloud;
  clientId?: string;
  tenantId?: string;
  requireReview: boolean;
  driftLabel: string;
  allowPullRequestTarget: boolean;
}

/** An input is invalid, or the event is one the Action refuses: failure reason `invalid-input`. */
export class InputError extends AmlK8sError<'invalid-input'> {
  override readonly name = 'InputError';
  constructor(message: string) {
    super('invalid-input', message);
  }
}

function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw new InputError(`Input "${name}" must be one of ${allowed.join(', ')}; got "${value}".`);
  return found;
}

function bool(name: string, fallback: boolean): boolean {
  if (getInput(name) === '') return fallback;
  try {
    return getBooleanInput(name);
  } catch {
    throw new InputError(`Input "${name}" must be true or false; got "${getInput(name)}".`);
  }
}

export function readInputs(): ActionInputs {
  const specs = getInput('specs')
    .split(/\r?\n|,/)
    .map((s) => s.trim())
    .filter(Boolean);
  const concurrencyText = getInput('concurrency') || '16';
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new InputError(`Input "concurrency" must be a whole number from 1 to 1000; got "${concurrencyText}".`);
  const cloud = choice('cloud', getInput('cloud') || 'AzureCloud', Object.keys(CLOUDS) as Cloud[]);
  const armEndpoint = (getInput('arm-endpoint') || process.env.AML_K8S_ARM_ENDPOINT || CLOUDS[cloud].arm).replace(/\/+$/, '');
  try {
    new URL(armEndpoint);
  } catch {
    throw new InputError(`Input "arm-endpoint" must be a URL such as https://management.azure.com; got "${armEndpoint}".`);
  }
  const optional = (name: string): string | undefined => getInput(name) || undefined;
  const clientId = optional('client-id');
  const tenantId = optional('tenant-id');
  if (Boolean(clientId) !== Boolean(tenantId)) throw new InputError('Inputs "client-id" and "tenant-id" go together (direct OIDC sign-in needs both); set both or neither.');
  return {
    specs: specs.length ? specs : ['computes/**/*.yaml'],
    mode: choice('mode', getInput('mode') || 'auto', MODES),
    githubToken: getInput('github-token'),
    comment: bool('comment', true),
    allowDisruptive: bool('allow-disruptive', false),
    allowDisruptiveLabel: getInput('allow-disruptive-label') || 'aml-k8s:allow-disruptive',
    prune: bool('prune', false),
    forceDelete: bool('force-delete', false),
    createRoleAssignments: bool('create-role-assignments', false),
    concurrency,
    armEndpoint,
    authorityHost: (process.env.AZURE_AUTHORITY_HOST || CLOUDS[cloud].authority).replace(/\/+$/, ''),
    cloud,
    ...(clientId ? { clientId } : {}),
    ...(tenantId ? { tenantId } : {}),
    requireReview: bool('require-review', true),
    driftLabel: getInput('drift-label') || 'aml-k8s-drift',
    allowPullRequestTarget: bool('allow-pull-request-target', false),
  };
}
