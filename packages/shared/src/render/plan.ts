// A plan as text (terminal), Markdown (PR comment, job summary) or JSON. Protected settings show
// only that they change, never a value.
import type { Change, ComputePlan, Plan, SettingChange } from '../plan/types.ts';
import { markdownCode, markdownFence, markdownText } from './markdown.ts';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', replace: '-/+', delete: '-', noop: '=' };

const last = (id: string): string => id.split('/').filter(Boolean).pop() ?? id;

function resourceName(c: Change): string {
  const parts = c.id.split('/');
  if (c.target === 'extension') return `extension ${parts[parts.length - 1]} on ${parts[8] ?? '?'}`;
  if (c.target === 'roleAssignment' && c.roleAssignment) return `role assignment ${c.roleAssignment.role} on ${last(c.roleAssignment.scope)} for identity ${last(c.roleAssignment.identityId)}`;
  if (c.target === 'kubernetes' && c.object) return `${c.object.kind} ${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name} in cluster ${last(c.object.clusterId)}`;
  return `compute ${parts[parts.length - 1]} in workspace ${parts[8] ?? '?'}`;
}

const actionWord = (c: Change): string => `${c.action}${c.force ? ' (forceDelete)' : ''}`;

/** Commands a reader can run instead (role assignments apply would create only when allowed to). */
const commandsOf = (c: Change): string[] => (c.action === 'create' && c.roleAssignment ? [c.roleAssignment.command] : []);

/** The start of a protected value's fingerprint: enough for a reviewer to see two plans differ. */
const fingerprintNote = (s: SettingChange): string => (s.fingerprint ? `; fingerprint ${s.fingerprint.slice(3, 11)}` : '');

function settingText(s: SettingChange): string {
  if (s.protected) return `${s.key}: (protected: sent, value not shown${fingerprintNote(s)})`;
  if (s.before === undefined || s.before === s.after) return `${s.key}: ${s.after}`;
  if (s.after === undefined) return `${s.key}: ${s.before} → (removed)`;
  return `${s.key}: ${s.before} → ${s.after}`;
}

export function planHeadline(plan: Plan): string {
  const s = plan.summary;
  const parts = [`${s.create} to create`, `${s.update} to update`, `${s.replace} to replace`, `${s.delete} to delete`];
  const blocked = plan.computes.filter((c) => c.blocked).length;
  return `${parts.join(', ')}${s.disruptive ? `, ${s.disruptive} disruptive` : ''}${blocked ? `, ${blocked} blocked` : ''}`;
}

export function renderPlanText(plan: Plan): string {
  const out: string[] = [`Plan: ${planHeadline(plan)}`, ''];
  for (const c of plan.computes) {
    const pending = c.changes.filter((ch) => ch.action !== 'noop');
    out.push(`${c.name} (${c.file})${pending.length === 0 && !c.blocked ? ': no changes' : ''}`);
    if (c.blocked) out.push(`  ! blocked: ${c.blocked}`);
    for (const ch of pending) {
      out.push(`  ${SYMBOL[ch.action]} ${resourceName(ch)}: ${actionWord(ch)}${ch.disruptive ? '  ⚠ DISRUPTIVE' : ''}`);
      for (const r of ch.reasons) out.push(`      ${r}`);
      for (const s of ch.settings ?? []) out.push(`      ${settingText(s)}`);
      for (const cmd of commandsOf(ch)) out.push(`      $ ${cmd}`);
    }
    if (c.removal) {
      for (const l of c.removal.loses) out.push(`  lost: ${l}`);
      for (const k of c.removal.keeps) out.push(`  kept: ${k}`);
    }
    for (const n of c.notes) out.push(`  note: ${n}`);
    out.push('');
  }
  return out.map(terminalLine).join('\n');
}

/** A line for a terminal or a log: control characters (escape sequences, carriage returns) and line separators shown as escapes. */
const terminalLine = (line: string): string => line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Text made safe for one cell of a Markdown table (and any other inline place): see markdownText. */
export const markdownCell = markdownText;

function computeRow(c: ComputePlan): string {
  const ext = c.changes.find((ch) => ch.target === 'extension');
  const comp = c.changes.find((ch) => ch.target === 'compute');
  const show = (ch: Change | undefined): string => (!ch ? '–' : ch.action === 'noop' ? 'no change' : `**${markdownText(ch.action)}**${ch.disruptive ? ' ⚠️' : ''}`);
  return `| ${markdownCell(c.name)} | ${markdownCode(c.file)} | ${show(ext)} | ${show(comp)} | ${c.blocked ? `⛔ ${markdownCell(c.blocked)}` : c.changes.some((ch) => ch.disruptive) ? '⚠️ disruptive' : ''} |`;
}

/** One line of a ```diff block; a field a replace sends again unchanged is a context line. */
function diffLine(s: SettingChange): string {
  const line = (mark: string, text: string): string => `${mark} ${text}`;
  if (s.protected) return line('~', `${s.key}: (protected, value not shown${fingerprintNote(s)})`);
  if (s.before === undefined) return line('+', `${s.key}: ${s.after}`);
  if (s.after === undefined) return line('-', `${s.key}: ${s.before}`);
  if (s.before === s.after) return line(' ', `${s.key}: ${s.after}`);
  return line('~', `${s.key}: ${s.before} → ${s.after}`);
}

export function renderPlanMarkdown(plan: Plan, options: { title?: string } = {}): string {
  const out: string[] = [`### ${markdownText(options.title ?? 'aml-k8s plan')}`, '', `**${planHeadline(plan)}**`, ''];
  const disruptive = plan.computes.flatMap((c) => c.changes.filter((ch) => ch.disruptive).map((ch) => ({ c, ch })));
  if (disruptive.length) {
    out.push('> [!WARNING]', '> These changes interrupt running jobs or endpoints; apply needs explicit consent (`allow-disruptive`):');
    for (const { c, ch } of disruptive) out.push(`> - **${markdownCell(c.name)}**: ${markdownText(`${ch.target} ${ch.action}`)}: ${markdownCell(ch.reasons.join('; '))}`);
    out.push('');
  }
  out.push('| compute | spec | extension | compute attach | |', '|---|---|---|---|---|', ...plan.computes.map(computeRow), '');
  for (const c of plan.computes) {
    const pending = c.changes.filter((ch) => ch.action !== 'noop');
    if (pending.length === 0 && c.notes.length === 0 && !c.removal) continue;
    out.push(`<details><summary>${markdownText(`${c.name}: ${pending.map((ch) => `${ch.target} ${ch.action}`).join(', ') || 'notes'}`)}</summary>`, '');
    for (const ch of pending) {
      out.push(`**${markdownText(`${resourceName(ch)}: ${actionWord(ch)}`)}**${ch.disruptive ? ' ⚠️ disruptive' : ''}`, '');
      for (const r of ch.reasons) out.push(`- ${markdownText(r)}`);
      const commands = commandsOf(ch);
      if (commands.length) out.push('', ...markdownFence('sh', commands));
      const settings = ch.settings ?? [];
      if (settings.length) out.push('', ...markdownFence('diff', settings.map(diffLine)));
      out.push('');
    }
    if (c.removal) {
      out.push(`**Removal** (${c.removal.reason === 'prune' ? 'no spec declares this compute any more: --prune' : 'the spec says state: absent'}):`, '');
      for (const l of c.removal.loses) out.push(`- ❌ lost: ${markdownCell(l)}`);
      for (const k of c.removal.keeps) out.push(`- ✅ kept: ${markdownCell(k)}`);
      out.push('');
    }
    for (const n of c.notes) out.push(`> ${markdownCell(n)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
