import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRulesMarkdown } from './rules-doc.ts';
import { renderSchemaJson } from './schema-file.ts';
import { renderSchemaValidatorCode } from './schema-validator-code.ts';
import { renderSpecMarkdown } from './spec-doc.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('docs/rules.md is up to date (run `npm run docs`)', () => {
  expect(readFileSync(`${root}docs/rules.md`, 'utf8')).toBe(renderRulesMarkdown());
});

test('the settings tables of docs/spec.md are up to date (run `npm run docs`)', () => {
  const text = readFileSync(`${root}docs/spec.md`, 'utf8');
  expect(text).toBe(renderSpecMarkdown(text));
});

test('packages/shared/schema/compute.schema.json is up to date (run `npm run docs`)', () => {
  expect(readFileSync(`${root}packages/shared/schema/compute.schema.json`, 'utf8')).toBe(renderSchemaJson());
});

test('the precompiled schema validator is up to date (run `npm run docs`)', () => {
  expect(readFileSync(`${root}packages/shared/src/model/schema-validator.generated.js`, 'utf8')).toBe(renderSchemaValidatorCode());
});
