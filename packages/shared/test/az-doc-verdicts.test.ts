// Acceptance: every az command line in the Azure docs, imported and validated by the real
// validator, gets the verdict Azure gives it, naming the setting at fault.
import { describe, expect, test } from '@jest/globals';
import { importAzToYaml } from '../src/import/az.ts';
import { withPlaceholdersFilled } from '../src/import/placeholders-filled.ts';
import { validateSpecs } from '../src/validate/validate.ts';
import { AZ_DOC_COMMANDS } from './fixtures/az-doc-commands.ts';

describe.each(AZ_DOC_COMMANDS.map((c) => [c.source, c] as const))('%s', (_source, c) => {
  test(`is ${c.expected.verdict}${c.expected.settings?.length ? ` naming ${c.expected.settings.join(', ')}` : ''}`, () => {
    const text = `${c.preamble ? `${c.preamble}\n` : ''}${c.command}`;
    const imported = importAzToYaml(text, { file: 'docs.sh', readFile: () => undefined });
    expect(imported.documents.length).toBeGreaterThan(0);
    const { diagnostics } = validateSpecs([{ file: 'imported.yaml', text: withPlaceholdersFilled(imported.yaml) }], {
      readFile: () => undefined,
      facts: c.cluster?.nodeCount !== undefined ? (doc) => ({ id: 'x', type: doc.spec.cluster.type, location: 'eastus', nodeCount: c.cluster!.nodeCount! }) : undefined,
    });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const flagged = diagnostics.filter((d) => d.severity !== 'info');
    expect({ verdict: errors.length > 0 ? 'rejected' : 'accepted', errors: errors.map((d) => `${d.code} ${d.setting ?? ''} ${d.message}`) }).toMatchObject({ verdict: c.expected.verdict });
    const errorSettings = new Set(errors.map((d) => d.setting));
    for (const s of c.expected.settings ?? []) expect([...errorSettings]).toContain(s);
    const flaggedSettings = new Set(flagged.map((d) => d.setting));
    for (const s of c.expected.warnSettings ?? []) expect([...flaggedSettings]).toContain(s);
  });
});
