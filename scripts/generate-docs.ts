// Regenerates the files derived from code: docs/rules.md and the published JSON Schema.
import { writeFileSync } from 'node:fs';
import { renderRulesMarkdown } from '../packages/shared/src/docs/rules-doc.ts';
import { renderSchemaJson } from '../packages/shared/src/docs/schema-file.ts';
import { renderSchemaValidatorCode } from '../packages/shared/src/docs/schema-validator-code.ts';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/rules.md', root), renderRulesMarkdown());
writeFileSync(new URL('packages/shared/schema/compute.schema.json', root), renderSchemaJson());
writeFileSync(new URL('packages/shared/src/spec/schema-validator.generated.js', root), renderSchemaValidatorCode());
console.log('wrote docs/rules.md, packages/shared/schema/compute.schema.json and its precompiled validator');
