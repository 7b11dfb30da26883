// The published JSON Schema file's text.
import { COMPUTE_SCHEMA } from '../src/model/schema.ts';

export function renderSchemaJson(): string {
  return `${JSON.stringify(COMPUTE_SCHEMA, null, 2)}\n`;
}
