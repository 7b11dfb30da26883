// The fixes the spec rules suggest, worded for the file a resource came from. A rule's message
// names spec fields in code spans (`training: true`, `tls: { cname, certFile, keyFile }`,
// `inference:`); for a Terraform, ARM, Bicep or az ml file each span whose fields all map to the
// source is rewritten: extension fields through the settings table to configuration setting keys
// and the values Azure reads (`enableTraining = "True"` in `configuration_settings`), extension and
// compute properties to the source's own attribute names. A span that does not map stays as written.
import { parse } from 'yaml';
import { SETTINGS_TABLE } from '../model/settings-table.ts';
import type { SettingRow, SpecSource } from '../model/settings-table.ts';
import { PLAIN_PATH, PROTECTED_PATH, isAzureMlExtension, isCompute } from './extension-settings.ts';
import type { FoundResource, ResourcePath, SourceFormat } from './found-resource.ts';
import { sourceName } from './source-names.ts';

/** Where a spec field goes in the resource: a configuration setting, or a place in the ARM body. */
type Target = { setting: string; source: SpecSource; protected: boolean } | { body: ResourcePath };

/**
 * PEM files named in a template are read on another machine (AMLK194): in these files the
 * certificate and key go as base64 text under the keys az would send.
 */
const PEM_IN_TEMPLATES: Record<string, string> = { sslCertPemFile: 'scoringFe.sslCert', sslKeyPemFile: 'scoringFe.sslKey' };

const EXTENSION_TARGETS: [string, Target][] = [
  ...(SETTINGS_TABLE as readonly SettingRow[]).flatMap((row): [string, Target][] =>
    row.prefix !== undefined || !row.spec ? [] : row.spec.map((source): [string, Target] => [source.path, { setting: row.key, source, protected: row.where === 'protected' || source.as === 'file' || source.as === 'env' }]),
  ),
  ['spec.extension.name', { body: ['name'] }],
  ['spec.extension.version', { body: ['properties', 'version'] }],
  ['spec.extension.releaseTrain', { body: ['properties', 'releaseTrain'] }],
  ['spec.extension.autoUpgradeMinorVersion', { body: ['properties', 'autoUpgradeMinorVersion'] }],
];

/** The compute spec fields a compute resource sets (as spec-view.ts maps them). */
const COMPUTE_TARGETS: [string, Target][] = [
  ['spec.attach.computeName', { body: ['name'] }],
  ['spec.attach.namespace', { body: ['properties', 'properties', 'namespace'] }],
  ['spec.attach.identity', { body: ['identity'] }],
  ['spec.attach.identity.type', { body: ['identity', 'type'] }],
  ['spec.attach.identity.ids', { body: ['identity', 'userAssignedIdentities'] }],
];

/** The one target whose spec path ends with `name` (a dotted suffix such as `tls.cname`), if exactly one does. */
function resolve(targets: readonly [string, Target][], name: string): Target | undefined {
  const hits = targets.filter(([path]) => path === name || path.endsWith(`.${name}`));
  return hits.length === 1 ? hits[0]![1] : undefined;
}

const quoteFor: Record<SourceFormat, (text: string) => string> = {
  terraform: (t) => JSON.stringify(t),
  arm: (t) => JSON.stringify(t),
  bicep: (t) => `'${t.replaceAll("'", "\\'")}'`,
  azml: (t) => JSON.stringify(t),
};

function keyText(format: SourceFormat, key: string): string {
  if (format === 'arm') return JSON.stringify(key);
  return /^[A-Za-z_][\w]*$/.test(key) ? key : quoteFor[format](key);
}

function assign(format: SourceFormat, key: string, value: string): string {
  return format === 'terraform' ? `${keyText(format, key)} = ${value}` : `${keyText(format, key)}: ${value}`;
}

/** The value Azure reads for the spec value a fix names, or undefined for a placeholder. */
function settingValue(source: SpecSource, value: unknown): string | undefined {
  if (value === null || value === undefined) return source.as === 'fixed' ? source.value : undefined;
  switch (source.as) {
    case 'bool':
      return value === true ? 'True' : value === false ? 'False' : undefined;
    case 'fixed':
      return source.value;
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
}

/** One spec field and value as the resource's source would write it, or undefined when it has no place there. */
function render(r: FoundResource, target: Target, value: unknown): string | undefined {
  const f = r.format;
  if ('body' in target) {
    const name = sourceName(r, target.body);
    if (!name) return undefined;
    if (value === null || value === undefined) return `\`${name}\``;
    // az ml YAML spells values its own way (`user_assigned`): only its field names are rewritten.
    if (f === 'azml') return undefined;
    const text = typeof value === 'string' ? quoteFor[f](value) : JSON.stringify(value);
    return `\`${name}\` set to \`${text}\``;
  }
  const pem = PEM_IN_TEMPLATES[target.setting];
  const map = sourceName(r, target.protected ? PROTECTED_PATH : PLAIN_PATH);
  if (!map) return undefined;
  if (pem) return `\`${assign(f, pem, '<base64 of the PEM text>')}\` in \`${map}\``;
  const v = settingValue(target.source, value);
  return `\`${assign(f, target.setting, v === undefined ? quoteFor[f]('...') : quoteFor[f](v))}\` in \`${map}\``;
}

/** Leaves of a parsed span: `a: { b, c: 1 }` → [['a.b', null], ['a.c', 1]]. */
function leaves(v: unknown, prefix: string): [string, unknown][] {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return [[prefix, v]];
    return entries.flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, v]];
}

function rewriteSpan(span: string, r: FoundResource, targets: readonly [string, Target][]): string | undefined {
  let parsed: unknown;
  try {
    parsed = parse(span);
  } catch {
    return undefined;
  }
  // A bare field name (`internalLoadBalancer`): the setting or property it maps to.
  if (typeof parsed === 'string' && /^[A-Za-z][\w.]*$/.test(parsed)) {
    const target = resolve(targets, parsed);
    if (!target) return undefined;
    if ('body' in target) return render(r, target, undefined);
    const map = sourceName(r, target.protected ? PROTECTED_PATH : PLAIN_PATH);
    return map ? `\`${PEM_IN_TEMPLATES[target.setting] ?? target.setting}\` in \`${map}\`` : undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const parts: string[] = [];
  for (const [name, value] of leaves(parsed, '')) {
    const target = resolve(targets, name);
    const text = target ? render(r, target, value) : undefined;
    if (!text) return undefined;
    parts.push(text);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Whether `name` is a spec block holding fields that map (`tls`, `inference`), which a rewritten fix already places. */
function isBlock(targets: readonly [string, Target][], name: string): boolean {
  return targets.some(([path]) => path.includes(`.${name}.`));
}

/** `message` with the spec fragments of its fixes in the terms of the resource's source format. */
export function inSourceTerms(message: string, r: FoundResource): string {
  const targets = isAzureMlExtension(r) ? EXTENSION_TARGETS : isCompute(r) ? COMPUTE_TARGETS : [];
  if (targets.length === 0) return message;
  let rewritten = false;
  // "an `inference:` block": the block becomes settings, so the article and "block" go with it.
  const out = message.replace(/(\ban? )?`([^`]+)`( block\b)?/g, (whole, article: string | undefined, span: string, block: string | undefined) => {
    const text = rewriteSpan(span, r, targets);
    if (text === undefined) return whole;
    rewritten = true;
    return span.endsWith(':') ? text : `${article ?? ''}${text}${block ?? ''}`;
  });
  if (!rewritten) return message;
  // "… to `tls`", "… to the inference block": the rewritten fix already names where it goes.
  return out.replace(/ (?:to|in) (?:the )?(?:`([\w.]+)`|([\w.]+) block\b)/g, (whole, quoted: string | undefined, named: string | undefined) => (isBlock(targets, (quoted ?? named)!) ? '' : whole));
}
