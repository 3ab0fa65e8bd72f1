// Every JSON example of Partnero's own Customers API page must satisfy the schema that the
// spec gives the same request or response; the fixtures name the section they come from.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validator } from './spec-schema.js';

interface SeedFixture {
  source: string;
  schema: string;
  example: unknown;
}

const directory = new URL('./fixtures/seed/', import.meta.url);
const fixtures = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    file,
    ...(JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as SeedFixture),
  }));

describe('seed page examples', () => {
  it('are all present', () => {
    expect(fixtures.length).toBe(13);
  });

  it.each(fixtures)('$file ($schema) validates', ({ schema, example, source }) => {
    expect(source).toMatch(/section ".+"/);
    const validate = validator(schema);
    const valid = validate(example);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});
