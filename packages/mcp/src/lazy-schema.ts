// A tool's JSON Schema for the SDK, compiled into a validator on its first use rather than
// at start-up: most sessions call a few of the tools, and compiling all of them first would
// add a tenth of a second before the first tools/list is answered.
import { fromJsonSchema, type StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { Json } from '@partnero-kit/openapi/runtime';

export function lazySchema<T>(schema: Json): StandardSchemaWithJSON<T, T> {
  let compiled: StandardSchemaWithJSON<T, T> | undefined;
  return {
    '~standard': {
      version: 1,
      vendor: 'partnero-mcp',
      jsonSchema: { input: () => schema, output: () => schema },
      validate: (value) => {
        compiled ??= fromJsonSchema<T>(schema);
        return compiled['~standard'].validate(value);
      },
    },
  };
}
