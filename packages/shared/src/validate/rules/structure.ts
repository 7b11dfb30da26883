// Registry entries for what the parser and the JSON Schema check, and for the secret-file check
// the commands that read files add; documented like every other rule.
import { secretFileReferenceProblem } from '../../secrets/file-check.ts';
import type { Finding, Rule } from './rule.ts';

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
    examples: {
      pass: [
        { title: 'valid', overlay: {} },
        { title: 'owner with kind and namespace', overlay: { metadata: { owner: 'group:default/ml-platform' } } },
        { title: 'owner as a bare name', overlay: { metadata: { owner: 'ml-platform' } } },
      ],
      fail: [
        { title: 'quoted boolean', overlay: { spec: { extension: { training: 'true' } } } },
        { title: 'owner with a space', overlay: { metadata: { owner: 'group:default/ml platform' } } },
        { title: 'owner with an empty name', overlay: { metadata: { owner: 'group:default/' } } },
        { title: 'owner with an upper-case namespace', overlay: { metadata: { owner: 'group:Default/ml-platform' } } },
      ],
    },
  },
  {
    code: 'AMLK005',
    name: 'secret-file-refused',
    title: 'Secret file that will not be read',
    severity: 'error',
    category: 'structure',
    doc: 'A secret file (`{ file }` in `protectedSettings`, `tls.certFile`, `tls.keyFile`) is read only when it is a regular file of at most 1 MiB whose real path (links resolved) lies in the spec\'s folder, its repository or a folder allowed with `--allow-secret-dir` / `AML_K8S_SECRET_DIRS`, and never under `.git`. Spec files come in pull requests, so a reference such as `/proc/self/environ` or `../.git/config` would otherwise send the runner\'s environment or the job\'s token to Azure. Every validation refuses references into `.git`, `/proc` or `/sys`; the commands that read files (validate, render, plan, apply and the Action) also check the place, kind and size of each file.',
    source: 'aml-k8s secret-file policy (secrets/resolve.ts)',
    check: ({ settings }) => {
      const out: Finding[] = [];
      for (const [key, ref] of Object.entries(settings.protected)) {
        if (!('file' in ref) || typeof ref.file !== 'string') continue;
        const message = secretFileReferenceProblem(ref.file, key);
        if (message) out.push({ message, setting: key, atValue: true });
      }
      return out;
    },
    examples: {
      pass: [{ title: 'a file next to the spec', overlay: { spec: { extension: { protectedSettings: { relayServerConnectionString: { file: 'relay.txt' } } } } }, files: { 'relay.txt': 'Endpoint=sb://relay.servicebus.windows.net/' } }],
      fail: [
        { title: 'the process environment', overlay: { spec: { extension: { protectedSettings: { relayServerConnectionString: { file: '/proc/self/environ' } } } } } },
        { title: 'the repository\'s git configuration', overlay: { spec: { extension: { protectedSettings: { relayServerConnectionString: { file: '../.git/config' } } } } } },
      ],
    },
  },
];
