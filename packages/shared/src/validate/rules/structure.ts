// Registry entries for what the parser and the JSON Schema check; documented like every other rule.
import type { Rule } from './rule.ts';

export const structureRules: Rule[] = [
  {
    code: 'AMLK001',
    name: 'yaml-syntax',
    title: 'The file is valid YAML',
    severity: 'error',
    category: 'structure',
    doc: 'A spec file is YAML with one compute per document. Duplicate keys are errors, because YAML tools disagree about which one wins.',
    source: 'YAML 1.2',
    examples: { pass: [{ title: 'valid', overlay: {} }], fail: [{ title: 'duplicate key', overlay: { '@text': 'apiVersion: aml-k8s/v1\napiVersion: aml-k8s/v1\n' } }] },
  },
  {
    code: 'AMLK002',
    name: 'unknown-field',
    title: 'Unknown field',
    severity: 'error',
    category: 'structure',
    doc: 'Every field of the spec format is known; a misspelled field would otherwise be silently ignored. Raw Azure keys go under `extension.settings`.',
    source: 'schema/compute.schema.json',
    examples: { pass: [{ title: 'known fields', overlay: {} }], fail: [{ title: 'typo', overlay: { spec: { extension: { trainig: true } } } }] },
  },
  {
    code: 'AMLK003',
    name: 'missing-field',
    title: 'Required field missing',
    severity: 'error',
    category: 'structure',
    doc: 'Fields without a sensible default are required: the cluster coordinates, the workspace of an attach, the router type of inference.',
    source: 'schema/compute.schema.json',
    examples: { pass: [{ title: 'complete', overlay: {} }], fail: [{ title: 'no cluster name', overlay: { spec: { cluster: { name: null } } } }] },
  },
  {
    code: 'AMLK004',
    name: 'invalid-value',
    title: 'Value of the wrong type or outside the allowed set',
    severity: 'error',
    category: 'structure',
    doc: 'Booleans are `true`/`false` (unquoted), enumerations take one of their listed values, subscription IDs are GUIDs, and secrets are references `{ file }` or `{ env }`, never inline values.',
    source: 'schema/compute.schema.json',
    examples: { pass: [{ title: 'valid', overlay: {} }], fail: [{ title: 'quoted boolean', overlay: { spec: { extension: { training: 'true' } } } }] },
  },
];
