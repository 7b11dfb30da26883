// Regenerates the files derived from code: docs/rules.md and the published JSON Schema.
import { writeFileSync } from 'node:fs';
import { renderRulesMarkdown } from '../packages/shared/src/docs/rules-doc.ts';
import { renderSchemaJson } from '../packages/shared/src/docs/schema-file.ts';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/rules.md', root), renderRulesMarkdown());
writeFileSync(new URL('packages/shared/schema/compute.schema.json', root), renderSchemaJson());
console.log('wrote docs/rules.md and packages/shared/schema/compute.schema.json');
