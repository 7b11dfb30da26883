// One spec against what Azure has: the desired state and the ordered changes that get there.
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { AzureGateway } from '../azure/gateway.ts';
import { isTerminal } from '../azure/gateway.ts';
import { desire } from '../desire/desire.ts';
import type { DesiredState } from '../desire/desired-state.ts';
import { withRelayConnection } from '../desire/relay.ts';
import { SecretResolutionError } from '../secrets/resolve.ts';
import { protectedFingerprint } from '../secrets/fingerprint.ts';
import { SecretValue } from '../secrets/secret-value.ts';
import type { ValidatedSpec } from '../validate/validate.ts';
import { diffCompute } from './diff-compute.ts';
import type { ComputeIntent } from './diff-compute.ts';
import { diffExtension, PROTECTED_HASH_KEY } from './diff-extension.ts';
import { matchesProtectedHash } from './hash.ts';
import { planClusterObjects } from './plan-objects.ts';
import { planAttachRoles } from './plan-roles.ts';
import type { KubernetesApiFor } from '../cluster/kubernetes-api.ts';
import { installedFacts, observeCluster, observeExtensionAndCompute, observeWorkspace } from '../observe/observe.ts';
import type { Observation } from '../observe/observe.ts';
import type { Change, ComputePlan, Plan } from './types.ts';

export interface PlanOptions {
  /** Read secret files and variables to compare protected settings (apply always does). */
  resolveSecrets: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Folder spec file paths are relative to. */
  cwd: string;
  /** Plan against an empty subscription: missing clusters and workspaces do not block. */
  offline?: boolean;
  /** Apply creates the role assignments a user-assigned attach identity lacks (otherwise it stops before attaching). */
  createRoleAssignments?: boolean;
  /** The clusters' Kubernetes API (from a kubeconfig): namespaces, storage claims and instance types are planned and applied through it. */
  kubernetes?: KubernetesApiFor;
}

export interface PlannedCompute {
  spec: ValidatedSpec;
  observation: Observation;
  desired: DesiredState;
  plan: ComputePlan;
}

function computeIntent(desired: DesiredState): ComputeIntent | undefined {
  const c = desired.compute;
  if (!c) return undefined;
  const k = c.body.properties.properties ?? {};
  const identityType = c.body.identity?.type ?? 'None';
  const uai = Object.keys(c.body.identity?.userAssignedIdentities ?? {})[0];
  return {
    id: c.id,
    resourceId: c.body.properties.resourceId ?? '',
    namespace: k.namespace ?? 'default',
    identityType,
    ...(uai ? { userAssignedIdentity: uai } : {}),
    ...(k.instanceTypes ? { instanceTypes: k.instanceTypes as Record<string, unknown> } : {}),
    ...(k.defaultInstanceType ? { defaultInstanceType: k.defaultInstanceType } : {}),
    ...(c.body.properties.description ? { description: c.body.properties.description } : {}),
  };
}

function desiredFor(spec: ValidatedSpec, observation: Observation, options: PlanOptions, notes: string[]): DesiredState {
  const specDir = dirname(resolve(options.cwd, spec.parsed.file));
  const facts = observation.facts ?? (observation.extension ? installedFacts(spec.doc, observation.extension) : undefined);
  const ctx = { specDir, env: options.env, ...(spec.wellFormed ? { settings: spec.settings } : {}), ...(facts ? { facts } : {}), ...(observation.workspaceLocation ? { workspaceLocation: observation.workspaceLocation } : {}) };
  let state: DesiredState;
  try {
    state = desire(spec.doc, { ...ctx, resolveSecrets: options.resolveSecrets });
  } catch (err) {
    if (!(err instanceof SecretResolutionError) || options.resolveSecrets === false) throw err;
    notes.push(`Protected settings were not compared: ${err.message}`);
    state = desire(spec.doc, { ...ctx, resolveSecrets: false });
  }
  if (state.extension.relay) {
    // Planned with the Relay keys the install adds, so an installed Arc extension compares equal.
    const r = state.extension.relay;
    state.extension.body = withRelayConnection(state.extension.body, { connectionString: SecretValue.placeholder('relayServerConnectionString'), hybridConnectionResourceId: r.hybridConnectionId, hybridConnectionName: r.hybridConnectionName });
  }
  return state;
}

/**
 * Whether the protected settings to send match the hash Azure has recorded (the slow KDF runs off the
 * event loop, before the diff); undefined when there is nothing to compare against.
 */
async function protectedMatchOf(observation: Observation, desired: DesiredState, notes: string[]): Promise<boolean | undefined> {
  if (!desired.extension.managed || !observation.extension) return undefined;
  const m = await matchesProtectedHash(desired.extension.body.configurationProtectedSettings, observation.extension.configurationSettings?.[PROTECTED_HASH_KEY]);
  if (m === undefined) notes.push('Protected settings were not compared (their files or variables are not available here); apply compares them.');
  return m ?? true;
}

/** The fingerprint of each protected value a change sends, for the reviewer's plan (the KDF runs off the event loop). */
async function fingerprintProtected(changes: Change[], desired: DesiredState): Promise<void> {
  const ext = desired.extension;
  const protectedValues = ext.body.configurationProtectedSettings;
  await Promise.all(
    changes
      .filter((c) => c.target === 'extension')
      .flatMap((c) => c.settings ?? [])
      .map(async (s) => {
        const value = s.protected ? protectedValues[s.key] : undefined;
        const fingerprint = value ? await protectedFingerprint(ext.id, s.key, value) : undefined;
        if (fingerprint) s.fingerprint = fingerprint;
      }),
  );
}

function diff(spec: ValidatedSpec, observation: Observation, desired: DesiredState, notes: string[], protectedMatch: boolean | undefined): Change[] {
  const changes: Change[] = [];
  const ext = desired.extension;
  const gpuInUse = Object.values(spec.doc.spec.instanceTypes ?? {}).some((t) => t?.resources?.limits?.['nvidia.com/gpu'] !== undefined);
  if (ext.managed) {
    const protectedValues = ext.body.configurationProtectedSettings;
    const change = diffExtension(
      {
        id: ext.id,
        configurationSettings: ext.body.configurationSettings,
        protectedKeys: Object.keys(protectedValues).filter((k) => !k.startsWith('relayserver.') && k !== 'relayServerConnectionString'),
        autoUpgradeMinorVersion: ext.body.autoUpgradeMinorVersion,
        ...(ext.body.version !== undefined ? { version: ext.body.version } : { releaseTrain: ext.body.releaseTrain }),
      },
      observation.extension,
      {
        gpuInUse,
        protectedMatch: () => protectedMatch,
      },
    );
    changes.push(change);
  } else if (!observation.extension) {
    notes.push(`This spec does not manage the extension, and ${ext.name} is not installed on ${ext.clusterName}: the attach will fail until it is.`);
  }
  const intent = computeIntent(desired);
  if (intent) {
    const change = diffCompute(intent, observation.compute);
    const extChange = changes[0];
    // A re-installed extension takes the compute down with it: attach again afterwards.
    if (extChange?.action === 'replace' && change.action === 'noop') changes.push({ ...change, action: 'replace', disruptive: true, reasons: ['the extension is installed again, so the compute is detached first and attached again after'] });
    else changes.push(change);
  }
  return changes;
}

export async function planCompute(spec: ValidatedSpec, gateway: AzureGateway, options: PlanOptions): Promise<PlannedCompute> {
  const notes: string[] = [];
  const observation = await observeExtensionAndCompute(spec.doc, gateway);
  const plan: ComputePlan = { name: spec.doc.metadata.name, file: spec.parsed.file, changes: [], notes };
  if (observation.extension && !isTerminal(observation.extension.provisioningState)) {
    plan.blocked = `the extension is ${observation.extension.provisioningState} (an operation started earlier is still running)`;
  }
  await Promise.all([
    observation.extension ? undefined : observeCluster(spec.doc, gateway, observation),
    !observation.compute && spec.doc.spec.attach ? observeWorkspace(spec.doc, gateway, observation) : undefined,
  ]);
  if (observation.compute?.location) observation.workspaceLocation = observation.compute.location;
  const desired = desiredFor(spec, observation, options, notes);
  plan.changes = diff(spec, observation, desired, notes, await protectedMatchOf(observation, desired, notes));
  await fingerprintProtected(plan.changes, desired);
  const attach = plan.changes.find((c) => c.target === 'compute' && (c.action === 'create' || c.action === 'replace'));
  if (attach) {
    // Attaching with a user-assigned identity: the role assignments Azure requires come first.
    const roles = await planAttachRoles(desired, observation, gateway, options);
    plan.changes.splice(plan.changes.indexOf(attach), 0, ...roles.changes);
    notes.push(...roles.notes);
    if (roles.blocked) plan.blocked = roles.blocked;
  }
  const objects = await planClusterObjects(spec.doc, spec.parsed.file, desired, observation, options.kubernetes);
  plan.changes.push(...objects.changes);
  notes.push(...objects.notes);
  if (objects.blocked && !plan.blocked) plan.blocked = objects.blocked;
  if (observation.extension && plan.changes.some((c) => c.target === 'extension' && c.action !== 'noop')) {
    // A change is coming: read the live cluster so the rules that need it can run before apply.
    await observeCluster(spec.doc, gateway, observation);
  }
  if (observation.clusterMissing && !options.offline) plan.blocked = `cluster ${spec.doc.spec.cluster.name} was not found in resource group ${spec.doc.spec.cluster.resourceGroup} (subscription ${spec.doc.spec.cluster.subscriptionId})`;
  if (observation.workspaceMissing && !options.offline) plan.blocked = `workspace ${spec.doc.spec.attach!.workspace.name} was not found in resource group ${spec.doc.spec.attach!.workspace.resourceGroup}`;
  return { spec, observation, desired, plan: { ...plan, notes: [...new Set(notes)] } };
}

export function summarizePlan(computes: ComputePlan[]): Plan {
  const summary = { create: 0, update: 0, replace: 0, delete: 0, noop: 0, disruptive: 0 };
  for (const c of computes) for (const ch of c.changes) {
    summary[ch.action]++;
    if (ch.disruptive) summary.disruptive++;
  }
  const pending = computes.map((c) => ({ name: c.name, blocked: c.blocked ?? null, changes: c.changes.filter((ch) => ch.action !== 'noop').map((ch) => ({ target: ch.target, action: ch.action, id: ch.id.toLowerCase(), disruptive: ch.disruptive, settings: (ch.settings ?? []).map((s) => [s.key, s.before ?? null, s.after ?? null, s.protected ?? false, s.fingerprint ?? null]) })) }));
  const hash = createHash('sha256').update(JSON.stringify(pending.sort((a, b) => a.name.localeCompare(b.name)))).digest('hex');
  return { computes, summary, hash };
}
