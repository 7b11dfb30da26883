// Standalone code of the JSON Schema validator, generated ahead of time so that the CLI does not
// compile the schema at every start (ajv's compilation is most of a cold start).
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { COMPUTE_SCHEMA } from '../src/model/schema.ts';

export function schemaValidatorOptions() {
  return { allErrors: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true } } as const;
}

export function renderSchemaValidatorCode(): string {
  const ajv = new Ajv2020(schemaValidatorOptions());
  ajv.addKeyword('x-setting');
  const code = standaloneCode.default ? standaloneCode.default(ajv, ajv.compile(COMPUTE_SCHEMA)) : (standaloneCode as unknown as typeof standaloneCode.default)(ajv, ajv.compile(COMPUTE_SCHEMA));
  // Standalone ESM output still require()s ajv's runtime helpers: turn those into imports.
  const modules = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!))];
  const imports = modules.map((m, i) => `import __ajvRuntime${i} from '${m}.js';`).join('\n');
  const esm = modules.reduce((text, m, i) => text.split(`require("${m}")`).join(`__ajvRuntime${i}`), code);
  return `// Generated from packages/shared/src/model/schema.ts by \`npm run docs\`. Do not edit by hand.\n// @ts-nocheck\n/* eslint-disable */\n${imports}\n${esm}\n`;
}
