// Checks a result's structuredContent against the output schema the server listed, with a
// JSON Schema validator of its own (not the SDK's), so a wrong schema cannot hide a wrong result.
import Ajv2020Module from 'ajv/dist/2020.js';
import { expect } from 'vitest';

const Ajv2020 = Ajv2020Module.default;
const ajv = new Ajv2020({ allErrors: true, strict: false });

export function expectMatchesSchema(value: unknown, schema: unknown): void {
  const validate = ajv.compile(schema as object);
  const valid = validate(value);
  expect(valid ? [] : validate.errors, JSON.stringify(value).slice(0, 500)).toEqual([]);
}

/** Every `$ref`, `format` and combinator (clients reject them at the top; we allow none) in a schema. */
export function portabilityProblems(schema: unknown, at = ''): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' || key === 'format') problems.push(`${at}/${key}`);
    if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') problems.push(`${at}/${key}`);
    problems.push(...portabilityProblems(value, `${at}/${key}`));
  }
  return problems;
}
