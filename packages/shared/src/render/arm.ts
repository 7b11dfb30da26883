// DesiredState → the ARM requests aml-k8s sends, as an .http-style listing: a request line with
// the resource path and api-version, then the JSON body. Protected values print as placeholders
// unless showSecrets is asked for explicitly.
import type { DesiredState, ExtensionBody } from '../desire/desired-state.ts';
import type { SecretValue } from '../secrets/secret-value.ts';

/** Versions the JS SDK clients pin (reference §11). */
export const EXTENSION_API_VERSION = '2023-05-01';
export const COMPUTE_API_VERSION = '2022-10-01';

export interface ArmRenderOptions {
  /** Print resolved protected values instead of placeholders. Never the default. */
  showSecrets?: boolean;
  extensionApiVersion?: string;
  computeApiVersion?: string;
}

export interface ArmRequest {
  title: string;
  method: 'PUT';
  path: string;
  apiVersion: string;
  body: Record<string, unknown>;
  notes: string[];
}

function protectedText(value: SecretValue, showSecrets: boolean): string {
  return showSecrets && value.resolved ? value.reveal() : value.placeholder;
}

/** The wire shape of the extension PUT: the SDK model's fields go under `properties`. */
export function extensionRequestBody(body: ExtensionBody, options: { showSecrets?: boolean } = {}): Record<string, unknown> {
  const showSecrets = options.showSecrets === true;
  return {
    ...(body.identity ? { identity: { type: body.identity.type } } : {}),
    properties: {
      extensionType: body.extensionType,
      autoUpgradeMinorVersion: body.autoUpgradeMinorVersion,
      releaseTrain: body.releaseTrain,
      ...(body.version !== undefined ? { version: body.version } : {}),
      scope: body.scope,
      configurationSettings: body.configurationSettings,
      configurationProtectedSettings: Object.fromEntries(Object.entries(body.configurationProtectedSettings).map(([k, v]) => [k, protectedText(v, showSecrets)])),
    },
  };
}

export function armRequests(state: DesiredState, options: ArmRenderOptions = {}): ArmRequest[] {
  const { extension, compute } = state;
  const requests: ArmRequest[] = [];
  if (extension.managed) {
    requests.push({
      title: `extension ${extension.name} on ${extension.clusterResourceName}/${extension.clusterName}`,
      method: 'PUT',
      path: extension.id,
      apiVersion: options.extensionApiVersion ?? EXTENSION_API_VERSION,
      body: extensionRequestBody(extension.body, options),
      notes: [...extension.notes],
    });
  }
  if (extension.managed && options.showSecrets && Object.values(extension.body.configurationProtectedSettings).some((v) => !v.resolved)) {
    requests[0]!.notes.push('Some protected values were not read, so they still print as placeholders.');
  }
  if (compute) {
    requests.push({
      title: `compute ${compute.name} in workspace ${compute.workspaceName}`,
      method: 'PUT',
      path: compute.id,
      apiVersion: options.computeApiVersion ?? COMPUTE_API_VERSION,
      body: JSON.parse(JSON.stringify(compute.body)) as Record<string, unknown>,
      notes: [...compute.notes],
    });
  }
  return requests;
}

const comment = (text: string): string => `# ${text.replace(/\n/g, '\n# ')}`;

export function renderArm(state: DesiredState, options: ArmRenderOptions = {}): string {
  if (state.state === 'absent') {
    const compute = state.compute ? `detaches compute ${state.compute.name} from workspace ${state.compute.workspaceName} and ` : '';
    return `### ${state.name}: state absent\n${comment(`Nothing to create: aml-k8s apply ${compute}removes extension ${state.extension.name} from ${state.extension.clusterName} when no other compute uses it.`)}\n`;
  }
  return armRequests(state, options)
    .map((r) => [
      `### ${r.method} ${r.title}`,
      ...r.notes.map(comment),
      `${r.method} ${r.path}?api-version=${r.apiVersion}`,
      'Content-Type: application/json',
      '',
      JSON.stringify(r.body, null, 2),
      '',
    ].join('\n'))
    .join('\n');
}
