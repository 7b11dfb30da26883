// Regenerates the files derived from code: docs/rules.md, the settings tables of docs/spec.md and
// the published JSON Schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRulesMarkdown } from '../packages/shared/tools/rules-doc.ts';
import { renderSchemaJson } from '../packages/shared/tools/schema-file.ts';
import { renderSchemaValidatorCode } from '../packages/shared/tools/schema-validator-code.ts';
import { renderSpecMarkdown } from '../packages/shared/tools/spec-doc.ts';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/rules.md', root), renderRulesMarkdown());
writeFileSync(new URL('docs/spec.md', root), renderSpecMarkdown(readFileSync(new URL('docs/spec.md', root), 'utf8')));
writeFileSync(new URL('packages/shared/schema/compute.schema.json', root), renderSchemaJson());
writeFileSync(new URL('packages/shared/src/model/schema-validator.generated.js', root), renderSchemaValidatorCode());
console.log('wrote docs/rules.md, the settings tables of docs/spec.md, packages/shared/schema/compute.schema.json and its precompiled validator');
