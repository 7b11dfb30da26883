// Terraform (HCL) through HashiCorp's parser compiled to WebAssembly (@cdktf/hcl2json), which gives
// JSON without positions: keys are found again in the source text, searching forward from the
// resource's block. Read: `azurerm_kubernetes_cluster_extension`, `azurerm_arc_kubernetes_cluster_extension`,
// `azapi_resource` of an extension or compute type (body as an HCL object or `jsonencode(...)`), and
// `azurerm_machine_learning_inference_cluster` (the legacy AKS compute). Interpolations, variables,
// function calls and references are unknown values.
import { parse } from '@cdktf/hcl2json';
import type { Diagnostic } from '../diagnostics.ts';
import type { SourcePosition } from '../model/parse.ts';
import { AMLK_CONFIG_SYNTAX } from './codes.ts';
import { azurermPath } from './source-names.ts';
import { COMPUTE_TYPE, EXTENSION_TYPE, Expression, asObject, clusterTypeOf, isCheckedType, isExpression, offsetLocator, splitTypeVersion } from './found-resource.ts';
import type { FoundResource, ReadResult, ResourcePath } from './found-resource.ts';

const EXTENSION_RESOURCES = new Set(['azurerm_kubernetes_cluster_extension', 'azurerm_arc_kubernetes_cluster_extension']);
const LEGACY_AKS_COMPUTE = 'azurerm_machine_learning_inference_cluster';

/** An interpolation or directive that HCL evaluates: `${` or `%{` not escaped as `$${` / `%%{`. */
const LIVE_TEMPLATE = /(^|[^$])\$\{|(^|[^%])%\{/;

/** hcl2json keeps HCL's escapes (`$${`, `%%{`) in literal text; the literal is what HCL sends. */
const unescapeTemplate = (s: string): string => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

/** hcl2json writes every expression as a "${...}" string; anything else is a literal. */
function hclValue(v: unknown): unknown {
  if (typeof v === 'string') {
    const whole = /^\$\{([\s\S]*)\}$/.exec(v);
    if (whole && !whole[1]!.includes('${')) return new Expression(whole[1]!.trim());
    return LIVE_TEMPLATE.test(v) ? new Expression(v) : unescapeTemplate(v);
  }
  if (Array.isArray(v)) return v.map(hclValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, x] of Object.entries(v)) out[unescapeTemplate(k)] = hclValue(x);
    return out;
  }
  return v;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every `key =` / `"key":` in a file, by key name, in source order: found once, searched many times. */
class KeyIndex {
  private readonly byName = new Map<string, { key: number; value: number }[]>();
  constructor(text: string) {
    const re = /(^|[\s{,(])(?:"([^"\n]+)"|([A-Za-z_][\w.-]*))[ \t]*(?:=(?![=>])|:)[ \t]*/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m[2] ?? m[3]!;
      const list = this.byName.get(name) ?? [];
      list.push({ key: m.index + m[1]!.length, value: m.index + m[0].length });
      this.byName.set(name, list);
    }
  }
  /** The first occurrence of `name` at or after `from` and before `end`. */
  next(name: string, from: number, end: number): { key: number; value: number } | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.key < from) lo = mid + 1;
      else hi = mid;
    }
    const hit = list[lo];
    return hit && hit.key < end ? hit : undefined;
  }
}

/** Finds attribute keys in the source text, in order, from the start of a resource block. */
class BlockLocator {
  private readonly keys: KeyIndex;
  private readonly start: number;
  private readonly end: number;
  constructor(keys: KeyIndex, start: number, end: number) {
    this.keys = keys;
    this.start = start;
    this.end = end;
  }
  /** Offsets of the key and of its value at a Terraform path, or of the deepest key found. */
  find(path: ResourcePath): { key: number; value: number } {
    let found = { key: this.start, value: this.start };
    for (const segment of path) {
      if (typeof segment === 'number') continue;
      const hit = this.keys.next(segment, found.value, this.end);
      if (!hit) break;
      found = hit;
    }
    return found;
  }
}

interface Declared {
  tfType: string;
  tfName: string;
  attrs: Record<string, unknown>;
  locator: BlockLocator;
  /** Offset of the block in the source: resources are listed in source order. */
  at: number;
}

/** `jsonencode({ ... })` of an azapi body: the object inside, parsed as HCL. */
async function jsonencodeBody(v: unknown, file: string): Promise<unknown> {
  if (!isExpression(v)) return v;
  const m = /^jsonencode\(([\s\S]*)\)$/.exec(v.text.trim());
  if (!m) return v;
  try {
    const parsed = (await parse(file, `body = ${m[1]!}\n`)) as Record<string, unknown>;
    return hclValue(parsed.body);
  } catch {
    return v;
  }
}

function refOf(v: unknown): { ref?: string } {
  return isExpression(v) ? { ref: v.text } : typeof v === 'string' ? { ref: v } : {};
}

function firstBlock(v: unknown): Record<string, unknown> | undefined {
  return Array.isArray(v) ? asObject(v[0]) : undefined;
}

function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

function position(d: Declared, at: (offset: number) => SourcePosition, tfPath: (p: ResourcePath) => ResourcePath): FoundResource['position'] {
  return (path, part = 'key') => {
    const hit = d.locator.find(tfPath(path));
    return at(part === 'value' ? hit.value : hit.key);
  };
}

async function toResource(d: Declared, file: string, at: (offset: number) => SourcePosition): Promise<FoundResource | undefined> {
  const a = d.attrs;
  const base = { format: 'terraform' as const, file, declaredAs: `${d.tfType}.${d.tfName}` };
  const name = a.name as string | Expression | undefined;
  if (EXTENSION_RESOURCES.has(d.tfType)) {
    const version = a.version;
    const identity = firstBlock(a.identity);
    const releaseNamespace = a.release_namespace;
    const clusterType = d.tfType.includes('_arc_') ? 'arc' : 'aks';
    const properties = defined({
      extensionType: a.extension_type,
      configurationSettings: a.configuration_settings,
      configurationProtectedSettings: a.configuration_protected_settings,
      releaseTrain: a.release_train,
      version,
      // The provider turns auto-upgrade off itself when a version is pinned.
      autoUpgradeMinorVersion: version === undefined ? undefined : false,
      scope: releaseNamespace === undefined ? undefined : { cluster: { releaseNamespace } },
    });
    const id = typeof a.cluster_id === 'string' ? a.cluster_id : undefined;
    return { ...base, type: EXTENSION_TYPE, ...(name !== undefined ? { name } : {}), body: defined({ properties, identity }), cluster: { type: clusterType, ...(id ? { id } : {}), ...refOf(a.cluster_id) }, position: position(d, at, azurermPath) };
  }
  if (d.tfType === LEGACY_AKS_COMPUTE) {
    const properties = { computeType: 'AKS', resourceId: a.kubernetes_cluster_id };
    const tfNames: Record<string, string> = { resourceId: 'kubernetes_cluster_id', computeType: 'kubernetes_cluster_id' };
    const id = typeof a.kubernetes_cluster_id === 'string' ? a.kubernetes_cluster_id : undefined;
    return { ...base, type: COMPUTE_TYPE, ...(name !== undefined ? { name } : {}), body: { properties }, cluster: { type: 'aks', ...(id ? { id } : {}), ...refOf(a.kubernetes_cluster_id) }, position: position(d, at, (p) => (p[0] === 'properties' && p[1] !== undefined ? [tfNames[String(p[1])] ?? ''] : [])) };
  }
  if (d.tfType !== 'azapi_resource' || typeof a.type !== 'string') return undefined;
  const { type, apiVersion } = splitTypeVersion(a.type);
  if (!isCheckedType(type)) return undefined;
  const body = asObject(await jsonencodeBody(a.body, file)) ?? (isExpression(a.body) ? { properties: a.body } : {});
  const identity = firstBlock(a.identity);
  if (identity) body.identity = defined({ type: identity.type, userAssignedIdentities: Array.isArray(identity.identity_ids) ? Object.fromEntries(identity.identity_ids.map((i) => [String(i), {}])) : undefined });
  const parent = a.parent_id;
  const parentText = isExpression(parent) ? parent.text : typeof parent === 'string' ? parent : '';
  const clusterType = clusterTypeOf(parentText);
  const workspaceMatch = /\/workspaces\/([^/]+)$/i.exec(parentText);
  const resource: FoundResource = {
    ...base,
    type,
    ...(apiVersion ? { apiVersion } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(typeof parent === 'string' || isExpression(parent) ? { parentId: parent } : {}),
    body,
    cluster: { ...(clusterType ? { type: clusterType } : {}), ...(type === EXTENSION_TYPE && typeof parent === 'string' ? { id: parent } : {}), ...(type === EXTENSION_TYPE ? refOf(parent) : {}) },
    position: position(d, at, (p) => (p[0] === 'identity' ? ['identity', ...p.slice(1)] : ['body', ...p])),
  };
  if (type === COMPUTE_TYPE) {
    if (workspaceMatch) resource.workspace = workspaceMatch[1]!;
    else if (isExpression(parent)) resource.workspace = parent;
    const resourceId = asObject(body.properties)?.resourceId;
    const hint = clusterTypeOf(isExpression(resourceId) ? resourceId.text : typeof resourceId === 'string' ? resourceId : '');
    resource.cluster = { ...(hint ? { type: hint } : {}), ...refOf(resourceId) };
  }
  return resource;
}

/** `file:line:col: message` of hcl2json's errors, as a diagnostic at that place. */
function syntaxDiagnostic(file: string, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const m = /:(\d+),(\d+)(?:-\d+)?: ([^;\]]+)/.exec(message);
  return { severity: 'error', code: AMLK_CONFIG_SYNTAX, file, line: m ? Number(m[1]) : 1, column: m ? Number(m[2]) : 1, message: `Not valid Terraform: ${m ? m[3]!.trim() : message}. Fix the syntax (\`terraform validate\` shows the same); nothing in this file was checked.` };
}

export async function readTerraform(file: string, text: string): Promise<ReadResult> {
  let json: Record<string, unknown>;
  try {
    json = (await parse(file, text)) as Record<string, unknown>;
  } catch (error) {
    return { resources: [], diagnostics: [syntaxDiagnostic(file, error)] };
  }
  const keys = new KeyIndex(text);
  const declared: Declared[] = [];
  for (const [tfType, byName] of Object.entries(asObject(json.resource) ?? {})) {
    for (const [tfName, blocks] of Object.entries(asObject(byName) ?? {})) {
      const header = new RegExp(`resource\\s+"?${escape(tfType)}"?\\s+"?${escape(tfName)}"?\\s*\\{`, 'g');
      (Array.isArray(blocks) ? blocks : []).forEach((block) => {
        const m = header.exec(text);
        const at = m ? m.index : 0;
        const next = text.slice(at + 1).search(/^\s*(resource|data|module|variable|output|locals|provider|terraform)\b/m);
        const end = next < 0 ? text.length : at + 1 + next;
        const attrs = hclValue(block) as Record<string, unknown>;
        declared.push({ tfType, tfName, attrs, locator: new BlockLocator(keys, at, end), at });
      });
    }
  }
  const locate = offsetLocator(text);
  const out: FoundResource[] = [];
  for (const d of declared.sort((a, b) => a.at - b.at)) {
    const r = await toResource(d, file, locate);
    if (r) out.push(r);
  }
  return { resources: out, diagnostics: [] };
}
