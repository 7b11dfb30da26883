// The shape of a validation rule. Every constraint Azure imposes on an AzureML Kubernetes compute
// is one rule with a stable code; docs/rules.md is generated from these definitions.
import type { Severity } from '../../diagnostics.ts';
import type { ExtensionSettings } from '../../settings/from-spec.ts';
import type { ClusterFacts } from '../../model/facts.ts';
import type { ParsedSpec, SpecPath } from '../../model/parse.ts';
import type { ComputeDocument } from '../../model/types.ts';
import type { FoundContext } from '../../formats/found-resource.ts';

export type RuleCategory = 'structure' | 'workloads' | 'settings' | 'inference' | 'tls' | 'cluster' | 'attach' | 'instance-types' | 'storage' | 'spec-set' | 'templates';

export interface RuleContext {
  spec: ParsedSpec;
  doc: ComputeDocument;
  settings: ExtensionSettings;
  /** Live cluster facts, when the caller read them from Azure. */
  facts?: ClusterFacts;
  /** Reads a file referenced by the spec (path relative to the spec file); undefined when unreadable. */
  readFile(path: string): string | undefined;
  /** Reads an environment variable a spec references (`certEnv`, `{ env }`); undefined when unset. */
  readEnv?(name: string): string | undefined;
}

/** One instance type: its name, its body (`resources`, `nodeSelector`) and where that body is. */
export interface InstanceTypeAt {
  name: string;
  it: { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> }; nodeSelector?: Record<string, unknown> };
  /** Path of the object holding `resources` (a spec's `spec.instanceTypes.<name>`, a manifest's `spec`). */
  base: SpecPath;
  /** Path to point at for the instance type as a whole (its name). */
  at: SpecPath;
  /** A manifest object without metadata.name (`name` is then a stand-in for messages). */
  unnamed?: boolean;
}

/** One document of a Kubernetes `InstanceType` manifest file, read by `aml-k8s validate`. */
export interface ManifestContext {
  /** The document with its positions (its `doc` is the raw object, not a compute spec). */
  spec: ParsedSpec;
  doc: unknown;
  /** The instance types the document declares (an `InstanceType`, or the items of an `InstanceTypeList`). */
  types: InstanceTypeAt[];
  /** The extensions of the specs validated together, with their node selectors (see validate/manifests.ts). */
  extensions?: ExtensionNodeSelector[];
}

export interface ExtensionNodeSelector {
  compute: string;
  file: string;
  nodeSelector: Record<string, unknown>;
}

export interface Finding {
  message: string;
  /** Spec location at fault; defaults to where `setting` was set, else the extension. */
  path?: SpecPath;
  /** Point at the value rather than the key. */
  atValue?: boolean;
  setting?: string;
  /** Overrides the rule's severity for this finding. */
  severity?: Severity;
}

/** A spec fragment deep-merged over a valid base spec; `null` deletes a field. */
export type SpecOverlay = Record<string, unknown>;

export interface RuleExample {
  /** One-line description, shown in the docs. */
  title: string;
  overlay: SpecOverlay;
  facts?: Partial<ClusterFacts>;
  /** Extra files next to the spec (e.g. PEM files), by relative path. */
  files?: Record<string, string>;
  /** Environment variables set when validating (e.g. PEM text for `certEnv`), by name. */
  env?: Record<string, string>;
  /** Other spec files validated together with this one (for spec-set rules). */
  others?: SpecOverlay[];
  /** File name of an `@text` example that is not a spec (`main.tf`, `template.json`, `main.bicep`). */
  file?: string;
}

export interface Rule {
  code: string;
  /** Short kebab-case name. */
  name: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  /** True when the rule needs live cluster facts and is skipped without them. */
  needsFacts?: boolean;
  /** One paragraph: what Azure does and why the rule exists. */
  doc: string;
  /** Where the constraint comes from. */
  source: string;
  check?: (ctx: RuleContext) => Finding[];
  /** The same rule on one document of an `InstanceType` manifest file (see validate/manifests.ts). */
  checkManifest?: (ctx: ManifestContext) => Finding[];
  /** The rule on a resource read from Terraform, ARM/REST JSON, Bicep or az ml YAML (formats/); paths are in its ARM body. */
  checkFound?: (ctx: FoundContext) => Finding[];
  /** Rules across all specs validated together; findings are reported on the spec at `index`. */
  checkSet?: (ctxs: RuleContext[]) => { index: number; finding: Finding }[];
  examples: { pass: RuleExample[]; fail: RuleExample[] };
}
