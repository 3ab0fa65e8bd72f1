// Compiles the bundled spec's component schemas with Ajv (JSON Schema 2020-12, as
// OpenAPI 3.1 uses), so tests can ask "does this value satisfy schema X?".
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const spec = JSON.parse(
  readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8'),
) as {
  paths: Record<
    string,
    Record<string, { operationId?: string; responses?: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown> };
};

// strict: false because the document around the schemas holds OpenAPI keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, 'openapi.json');

export function validator(schemaName: string): ValidateFunction {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${schemaName}`);
  if (!validate) throw new Error(`no schema named ${schemaName} in the spec`);
  return validate;
}
