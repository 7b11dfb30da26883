// Name syntaxes Kubernetes and Azure enforce.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDnsLabel(s: string, max = 63): boolean {
  return s.length <= max && DNS_LABEL.test(s);
}

export function isDnsSubdomain(s: string, max = 253): boolean {
  return s.length <= max && DNS_SUBDOMAIN.test(s);
}

/** Why a label key is invalid, or undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return `its prefix "${prefix}" must be a lower-case DNS subdomain (at most 253 characters)`;
  if (name.length === 0 || name.length > 63) return 'its name part must have 1 to 63 characters';
  if (!LABEL_NAME.test(name)) return 'its name part may hold letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'a label value has at most 63 characters';
  if (!LABEL_NAME.test(value)) return 'a label value may hold letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}

/** Azure ML compute names: 3 to 24 characters, a letter first, no trailing "-<digits>". */
export const COMPUTE_NAME = /^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9-]{2,23}$/;
export const WORKSPACE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/;
/** Azure resource group names. */
export const RESOURCE_GROUP = /^[-\w._()]{0,89}[-\w_()]$/u;
