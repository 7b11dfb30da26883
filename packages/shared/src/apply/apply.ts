// Executes a plan: prerequisites → extension (wait for Succeeded) → attach. Computes run
// concurrently up to a bound; computes that share an extension run one after the other. Nothing
// disruptive happens without consent, and every run converges: re-running after any failure or
// interruption picks up where Azure is.
import pLimit from 'p-limit';
import type { ComputeResource } from '@azure/arm-machinelearning';
import { explainFailure } from '../azure/failures.ts';
import { AzureError, isTerminal } from '../azure/gateway.ts';
import { sleep } from '../azure/sleep.ts';
import type { AzureGateway, ObservedExtension, OperationOptions, RoleAssignmentToCreate } from '../azure/gateway.ts';
import { ATTACH_ROLES, roleDefinitionId, subscriptionOf } from '../identity/attach-roles.ts';
import type { AttachRole } from '../identity/attach-roles.ts';
import type { Change } from '../plan/types.ts';
import type { DesiredState, ExtensionBody } from '../desire/desired-state.ts';
import { withRelayConnection } from '../desire/relay.ts';
import { sdkExtension, sdkPatchExtension } from '../desire/sdk-bodies.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { AmlK8sError } from '../errors.ts';
import { hasErrors } from '../diagnostics.ts';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, SPEC_TAG } from '../plan/compute-tags.ts';
import { PROTECTED_HASH_KEY } from '../plan/diff-extension.ts';
import { recordProtectedHash } from '../plan/hash.ts';
import type { PlanOptions, PlannedCompute } from '../plan/plan-compute.ts';
import { removalGroupKey } from '../plan/plan-removal.ts';
import type { PlannedRemoval } from '../plan/plan-removal.ts';
import { planSpecSet } from '../plan/plan-spec-set.ts';
import type { Plan } from '../plan/types.ts';
import { computeRefOf, extensionRefOf, refKey } from '../azure/targets.ts';
import { redact } from '../secrets/redact.ts';
import type { SecretValue } from '../secrets/secret-value.ts';
import { checkFacts, validateSpecs } from '../validate/validate.ts';
import type { ValidationResult } from '../validate/validate.ts';
import type { SpecInput } from '../model/load.ts';
import { clusterObjects, objectLabel } from '../cluster/cluster-objects.ts';
import { KubernetesApiError } from '../cluster/kubernetes-api.ts';
import { objectId } from '../plan/plan-objects.ts';
import { applyRemoval } from './apply-removal.ts';
import type { ApplyEvent, ApplyResult, ComputeResult } from './types.ts';

/** Plan setting changes that are extension properties, not configuration settings. */
const EXTENSION_FIELDS = new Set(['version', 'releaseTrain', 'autoUpgradeMinorVersion']);

export interface ApplyOptions extends PlanOptions {
  /** Also remove computes aml-k8s attached (tag managed-by=aml-k8s) that no spec declares, in the workspaces the specs use. */
  prune?: boolean;
  /** Uninstall an extension in a Failed state with Azure's forceDelete (the Azure resource only). */
  forceDelete?: boolean;
  allowDisruptive: boolean;
  concurrency: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
  /** Wait for operations an earlier run left running (default), or leave those computes blocked. */
  waitForRunning?: boolean;
  /** Sees the plan before anything is written; throwing refuses the whole apply (e.g. the plan differs from the reviewed one). */
  beforeWrite?: (plan: Plan) => void | Promise<void>;
}

/**
 * Why apply wrote nothing: `validation-errors` (the specs have errors: `diagnostics` holds them) or
 * `disruptive-without-consent` (a change is disruptive and the caller did not consent).
 */
export type ApplyRefusal = 'validation-errors' | 'disruptive-without-consent';

export class ApplyRefused extends AmlK8sError<ApplyRefusal> {
  override readonly name = 'ApplyRefused';
  readonly diagnostics: Diagnostic[];
  constructor(code: ApplyRefusal, message: string, diagnostics: Diagnostic[] = []) {
    super(code, message);
    this.diagnostics = diagnostics;
  }
}

function scrubResult(r: ComputeResult, secrets: readonly string[]): ComputeResult {
  if (!r.error || secrets.length === 0) return r;
  const error = { ...r.error, message: redact(r.error.message, secrets), ...(r.error.remedy !== undefined ? { remedy: redact(r.error.remedy, secrets) } : {}) };
  return { ...r, error };
}

function secretsOf(desired: DesiredState): string[] {
  return Object.values(desired.extension.body.configurationProtectedSettings).filter((v) => v.resolved).map((v) => v.reveal());
}

type HashRecorder = (values: Readonly<Record<string, SecretValue>>) => Promise<string>;

/**
 * The protected-settings record of each extension sent. The record is a memory-hard KDF (about 0.1 s
 * of CPU, on the thread pool), so computes without protected settings share one per run: a record
 * of nothing hides nothing, and a fleet of them would otherwise keep the thread pool busy for minutes.
 */
function protectedHashRecorder(): HashRecorder {
  let ofNothing: Promise<string> | undefined;
  const nothing = (values: Readonly<Record<string, SecretValue>>): Promise<string> => {
    const p = (ofNothing ??= recordProtectedHash(values));
    p.catch(() => (ofNothing = undefined));
    return p;
  };
  return (values) => (Object.keys(values).length > 0 ? recordProtectedHash(values) : nothing(values));
}

async function extensionBodyToSend(p: PlannedCompute, gateway: AzureGateway, op: OperationOptions, recordHash: HashRecorder): Promise<ExtensionBody> {
  let body = p.desired.extension.body;
  const relay = p.desired.extension.relay;
  if (relay) {
    const located = relay.location ? relay : { ...relay, location: p.observation.facts?.location ?? p.observation.extension?.configurationSettings?.location };
    const connection = await gateway.ensureRelay(located, op);
    const { relayServerConnectionString: _planned, 'relayserver.relayConnectionString': _plannedCopy, ...others } = body.configurationProtectedSettings;
    body = withRelayConnection({ ...body, configurationProtectedSettings: others }, connection);
  }
  return { ...body, configurationSettings: { ...body.configurationSettings, [PROTECTED_HASH_KEY]: await recordHash(body.configurationProtectedSettings) } };
}

function failure(ext: ObservedExtension): { message: string; code?: string; remedy?: string } {
  const message = [ext.errorInfo?.message, ...(ext.statuses ?? []).filter((s) => s.level === 'Error').map((s) => s.message)].filter(Boolean).join(' ') || `the extension ended in state ${ext.provisioningState}`;
  const known = explainFailure(message);
  return { message, ...(known ? { code: known.code, remedy: known.remedy } : ext.errorInfo?.code ? { code: ext.errorInfo.code } : {}) };
}

function missingRolesError(changes: readonly Change[]): { message: string; code: string; remedy: string } {
  const who = changes[0]?.roleAssignment?.identityId.split('/').pop() ?? 'the identity';
  return {
    code: 'RoleAssignmentsMissing',
    message: `not attached: user-assigned identity ${who} lacks ${changes.length} role assignment(s) Azure requires before the attach (${changes.map((c) => `${c.roleAssignment!.role} on ${c.roleAssignment!.scope.split('/').pop()}`).join(', ')})`,
    remedy: `run\n      ${changes.map((c) => c.roleAssignment!.command).join('\n      ')}\n    then apply again, or apply with --create-role-assignments`,
  };
}

function roleAssignmentToCreate(c: Change): RoleAssignmentToCreate {
  const r = c.roleAssignment!;
  const guid = ATTACH_ROLES[r.role as AttachRole];
  return {
    scope: r.scope,
    name: c.id.split('/').pop()!,
    roleDefinitionId: roleDefinitionId(subscriptionOf(r.scope), guid),
    principalId: r.principalId!,
    description: `aml-k8s: Azure ML attach with identity ${r.identityId.split('/').pop()}`,
  };
}

/** Namespace, storage and instance types through the cluster's API, once the extension is there. */
async function applyClusterObjects(p: PlannedCompute, options: ApplyOptions, step: (message: string) => void): Promise<void> {
  const pending = p.plan.changes.filter((c) => c.target === 'kubernetes' && (c.action === 'create' || c.action === 'update'));
  if (pending.length === 0 || !options.kubernetes) return;
  const api = await options.kubernetes(p.spec.doc.spec.cluster);
  const clusterId = p.desired.extension.clusterId;
  const byId = new Map(clusterObjects(p.desired).objects.map((o) => [objectId(clusterId, o), o]));
  for (const c of pending) {
    const object = byId.get(c.id);
    if (!object) continue;
    step(`applying ${objectLabel(object)} through ${api.describe}`);
    await api.apply(object);
  }
}

async function waitForCompute(p: PlannedCompute, gateway: AzureGateway, options: ApplyOptions): Promise<void> {
  const ref = computeRefOf(p.spec.doc);
  if (!ref) return;
  while (p.observation.compute && !isTerminal(p.observation.compute.provisioningState)) {
    await sleep(options.pollIntervalMs, options.signal);
    const now = await gateway.getCompute(ref);
    if (now) p.observation.compute = now;
    else delete p.observation.compute;
  }
}

async function applyOne(p: PlannedCompute, gateway: AzureGateway, options: ApplyOptions, recordHash: HashRecorder): Promise<ComputeResult> {
  const name = p.spec.doc.metadata.name;
  const started = Date.now();
  const changes = p.plan.changes.filter((c) => c.action !== 'noop');
  const sent: string[] = secretsOf(p.desired);
  const result = (outcome: ComputeResult['outcome'], error?: ComputeResult['error']): ComputeResult =>
    scrubResult({ name, file: p.spec.parsed.file, outcome, changes: p.plan.changes, durationMs: Date.now() - started, ...(error ? { error } : {}) }, sent);
  const op: OperationOptions = { ...(options.signal ? { signal: options.signal } : {}), onProgress: (progress) => options.onEvent?.({ kind: 'progress', compute: name, progress }) };
  const step = (message: string): void => options.onEvent?.({ kind: 'step', compute: name, message });
  const extRef = extensionRefOf(p.spec.doc);
  const computeRef = computeRefOf(p.spec.doc);
  try {
    if (p.plan.blocked) return result('failed', { message: p.plan.blocked });
    await waitForCompute(p, gateway, options);
    if (changes.length === 0) return result('unchanged');
    const extChange = p.plan.changes.find((c) => c.target === 'extension');
    const computeChange = p.plan.changes.find((c) => c.target === 'compute');
    const missingRoles = p.plan.changes.filter((c) => c.target === 'roleAssignment' && c.action === 'create');
    const grantable = missingRoles.filter((c) => !c.roleAssignment?.scopeCreatedByApply);
    if (grantable.length > 0 && !options.createRoleAssignments) return result('refused', missingRolesError(grantable));
    if (computeChange?.action === 'replace' && computeRef && p.observation.compute) {
      step(`detaching compute ${computeRef.name} from workspace ${computeRef.workspaceName}`);
      await gateway.detachCompute(computeRef, op);
    }
    if (extChange && extChange.action !== 'noop') {
      const body = await extensionBodyToSend(p, gateway, op, recordHash);
      // The Relay keys Azure issued are secrets too: scrub them from what this compute reports.
      sent.push(...Object.values(body.configurationProtectedSettings).filter((v) => v.resolved).map((v) => v.reveal()));
      let ext: ObservedExtension;
      if (extChange.action === 'replace') {
        step(`uninstalling extension ${extRef.name} (it is installed again next)`);
        await gateway.deleteExtension(extRef, false, op);
      }
      if (extChange.action === 'update' && p.observation.extension?.provisioningState?.toLowerCase() !== 'failed') {
        step(`updating extension ${extRef.name} on ${extRef.clusterName}`);
        const patch = sdkPatchExtension(body, { includeProtected: true });
        // PATCH merges plain settings: one the spec leaves at its default must be sent explicitly
        // to replace another value Azure holds (set by hand, or by an older spec).
        const settings = { ...patch.configurationSettings };
        for (const s of extChange.settings ?? []) if (!s.protected && s.after !== undefined && !EXTENSION_FIELDS.has(s.key) && !(s.key in settings)) settings[s.key] = s.after;
        ext = await gateway.updateExtension(extRef, { ...patch, configurationSettings: settings }, op);
      } else {
        step(`installing extension ${extRef.name} on ${extRef.clusterName} (about 10 to 15 minutes in Azure)`);
        ext = await gateway.createExtension(extRef, sdkExtension(body), op);
      }
      if (ext.provisioningState?.toLowerCase() !== 'succeeded') return result('failed', failure(ext));
    }
    if (missingRoles.length > 0) {
      if (!options.createRoleAssignments) return result('refused', missingRolesError(missingRoles));
      for (const c of missingRoles) {
        const r = c.roleAssignment!;
        step(`granting ${r.role} on ${r.scope.split('/').pop()} to identity ${r.identityId.split('/').pop()}`);
        // An identity created minutes ago may not have replicated in Entra ID yet: the gateway
        // retries Azure's PrincipalNotFound (progress: "waiting for the identity to replicate in
        // Entra ID"), bounded by AML_K8S_PRINCIPAL_REPLICATION_TIMEOUT_MS; past that its error says
        // why and the compute is not attached (the catch below keeps its code and remedy).
        await gateway.createRoleAssignment(roleAssignmentToCreate(c), op);
      }
    }
    if (computeChange && computeChange.action !== 'noop' && computeRef && p.desired.compute) {
      step(`attaching ${extRef.clusterName} to workspace ${computeRef.workspaceName} as compute ${computeRef.name}`);
      const body: ComputeResource = { ...p.desired.compute.body, tags: { ...(p.desired.compute.body.tags ?? {}), [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [SPEC_TAG]: name } };
      const compute = await gateway.attachCompute(computeRef, body, op);
      if (compute.provisioningState?.toLowerCase() !== 'succeeded') return result('failed', { message: compute.provisioningErrors.join(' ') || `the compute ended in state ${compute.provisioningState}` });
    }
    await applyClusterObjects(p, options, step);
    return result('applied');
  } catch (err) {
    if (options.signal?.aborted) return result('interrupted', { message: 'interrupted: Azure may still be working; run apply again to pick up from there' });
    if (err instanceof KubernetesApiError) return result('failed', { message: err.message, code: err.reason ?? 'KubernetesApiError' });
    // Any aml-k8s error keeps its code (and remedy); anything else is an unknown failure.
    const e = err instanceof AmlK8sError ? err : new AzureError(err instanceof Error ? err.message : String(err), 'Unknown');
    const message = redact(e.message, sent);
    const known = explainFailure(message);
    const remedy = known?.remedy ?? e.remedy;
    return result('failed', { message, code: known?.code ?? e.code, ...(remedy ? { remedy } : {}) });
  }
}

const isValidationResult = (x: readonly SpecInput[] | ValidationResult): x is ValidationResult => !Array.isArray(x);

/** Validates, plans and applies. Throws ApplyRefused before any write when the input is invalid or a change is disruptive without consent. */
export async function applySpecs(specs: readonly SpecInput[] | ValidationResult, gateway: AzureGateway, options: ApplyOptions): Promise<ApplyResult> {
  // Callers that validated already (the CLI, the Action) pass the result: specs are validated once per run.
  const validated = isValidationResult(specs) ? specs : validateSpecs(specs);
  if (hasErrors(validated.diagnostics)) throw new ApplyRefused('validation-errors', 'the specs have errors; nothing was applied', validated.diagnostics);
  // Planning (planSpecSet) reads what the computes have in common once; applying reads live.
  const { planned, removals, plan } = await planSpecSet(validated.specs, gateway, { ...options, resolveSecrets: true, waitForRunning: options.waitForRunning ?? true });
  // Rules that need the live cluster, for every compute whose cluster was read.
  const factsOf = new Map(planned.map((p) => [`${p.spec.parsed.file}#${p.spec.parsed.index}`, p.observation.facts]));
  const factErrors = checkFacts(validated.specs, (s) => factsOf.get(`${s.parsed.file}#${s.parsed.index}`)).filter((d) => d.severity === 'error');
  await options.beforeWrite?.(plan);
  const disruptive = plan.computes.flatMap((c) => (c.blocked ? [] : c.changes.filter((ch) => ch.disruptive).map((ch) => `${c.name}: ${ch.target} ${ch.action}: ${ch.reasons.join('; ')}`)));
  if (disruptive.length > 0 && !options.allowDisruptive) throw new ApplyRefused('disruptive-without-consent', `refusing disruptive changes without --allow-disruptive:\n${disruptive.map((d) => `  - ${d}`).join('\n')}`);
  const limit = pLimit(Math.max(1, options.concurrency));
  const recordHash = protectedHashRecorder();
  // Computes that share an extension run one after the other: present ones, then removals.
  const groups = new Map<string, { present: PlannedCompute[]; removals: PlannedRemoval[] }>();
  const groupOf = (key: string) => groups.get(key) ?? groups.set(key, { present: [], removals: [] }).get(key)!;
  for (const p of planned) groupOf(refKey(extensionRefOf(p.spec.doc))).present.push(p);
  for (const r of removals) groupOf(removalGroupKey(r.target)).removals.push(r);
  const results: ComputeResult[] = [];
  // Azure's failure messages (Helm errors quote setting values) are scrubbed of every resolved
  // secret of the run, in every form redact knows, before anyone prints, comments or returns them.
  const secrets = [...new Set(planned.flatMap((p) => secretsOf(p.desired)))];
  const done = (unscrubbed: ComputeResult): void => {
    const r = scrubResult(unscrubbed, secrets);
    results.push(r);
    options.onEvent?.({ kind: 'done', compute: r.name, result: r });
  };
  const interrupted = (name: string, file: string, changes: Change[]): ComputeResult => ({ name, file, outcome: 'interrupted', changes, durationMs: 0, error: { message: 'not started: interrupted' } });
  await Promise.all(
    [...groups.values()].map((group) =>
      limit(async () => {
        for (const p of group.present) {
          const errors = factErrors.filter((d) => d.file === p.spec.parsed.file);
          done(
            errors.length
              ? { name: p.plan.name, file: p.plan.file, outcome: 'refused', changes: p.plan.changes, durationMs: 0, error: { message: errors.map((d) => `${d.code}: ${d.message}`).join(' ') } }
              : options.signal?.aborted
                ? interrupted(p.plan.name, p.plan.file, p.plan.changes)
                : await applyOne(p, gateway, options, recordHash),
          );
        }
        let detached = true;
        for (const r of group.removals) {
          const name = r.plan.name;
          const result = options.signal?.aborted
            ? interrupted(name, r.plan.file, r.plan.changes)
            : await applyRemoval(r, {
                gateway,
                op: { ...(options.signal ? { signal: options.signal } : {}), onProgress: (progress) => options.onEvent?.({ kind: 'progress', compute: name, progress }) },
                step: (message) => options.onEvent?.({ kind: 'step', compute: name, message }),
                groupDetached: () => detached,
                ...(options.signal ? { signal: options.signal } : {}),
              });
          if (result.outcome !== 'applied' && result.outcome !== 'unchanged') detached = false;
          done(result);
        }
      }),
    ),
  );
  const order = new Map(plan.computes.map((c, i) => [c.name + c.file, i]));
  results.sort((a, b) => order.get(a.name + a.file)! - order.get(b.name + b.file)!);
  return { plan, results };
}
