import type { Json } from '@partnero-kit/openapi/runtime';
import type { Operation, SpecRuntime } from '../spec.js';

// The top-level update form. Partnero's reference wraps the changes of an update in
// `update`; its own n8n node and the community Python SDK send them at the top level
// (`PUT /v1/customers/{key}` with `{"name": …}`). An official integration sending that form
// is strong evidence that the live API applies it, so the sandbox does, with a warning.

export interface UpdateForm {
  body: unknown;
  warnings: string[];
}

/** The fields of an update body: those that name the customer, and those `update` may hold. */
interface UpdateShape {
  identifiers: string[];
  changes: string[];
}

/**
 * For an operation whose body wraps its changes in `update` (read from the spec), a function
 * that moves changes given at the top level into `update`; `undefined` for any other operation.
 * A body with `update` keeps it, and the top-level changes beside it are ignored with a warning.
 */
export function topLevelUpdate(
  spec: SpecRuntime,
  operation: Operation,
): ((body: unknown) => UpdateForm) | undefined {
  const shape = updateShape(spec, operation.requestBody?.schema);
  if (!shape) return undefined;
  const { identifiers, changes } = shape;
  return (body) => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { body, warnings: [] };
    }
    const given = body as Record<string, unknown>;
    const topLevel = changes.filter((name) => !identifiers.includes(name) && name in given);
    if (topLevel.length === 0) return { body, warnings: [] };
    const fields = topLevel.join(', ');
    if ('update' in given) {
      return {
        body,
        warnings: [
          `top-level field${topLevel.length > 1 ? 's' : ''} ${fields} ignored: the body has \`update\`, which the sandbox follows`,
        ],
      };
    }
    const rest: Record<string, unknown> = {};
    const update: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(given)) {
      if (topLevel.includes(name)) update[name] = value;
      else rest[name] = value;
    }
    return {
      body: { ...rest, update },
      warnings: [
        `${fields} applied from the top level of the body, as Partnero's n8n node and the Python SDK send them; Partnero's reference documents them inside \`update\` ({"update": {"${topLevel[0]}": …}})`,
      ],
    };
  };
}

/** Finds the object schema with an `update` property, through `$ref`, `allOf` and `anyOf`. */
function updateShape(spec: SpecRuntime, node: unknown): UpdateShape | undefined {
  if (node === undefined) return undefined;
  const schema = spec.resolve<Json>(node);
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (properties?.update !== undefined) {
    const update = spec.resolve<Json>(properties.update);
    return {
      identifiers: Object.keys(properties).filter((name) => name !== 'update'),
      changes: Object.keys((update.properties as Json | undefined) ?? {}),
    };
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const branch of (schema[key] as unknown[] | undefined) ?? []) {
      const found = updateShape(spec, branch);
      if (found) return found;
    }
  }
  return undefined;
}
