import { parseQuery } from '../http/request.js';
import type { Operation, Parameter } from '../spec.js';
import { type FieldErrors, nulMessage } from '../validation.js';

export interface QueryInput {
  /** Documented query parameters, integers converted for validation. */
  params: Record<string, unknown>;
  /** Parameters whose text could not be read, with the reason. */
  invalid: FieldErrors;
  /** What was ignored and why, for the `Sandbox-Warning` header. */
  warnings: string[];
}

interface QueryParameters {
  byName: Map<string, Parameter>;
  /** Documented names under PHP's reading of a query name (`partner.key` → `partner_key`). */
  byPhpName: Map<string, string>;
}

const indexed = new WeakMap<Operation, QueryParameters>();

function queryParameters(operation: Operation): QueryParameters {
  let found = indexed.get(operation);
  if (!found) {
    const documented = operation.parameters.filter((p) => p.in === 'query');
    found = {
      byName: new Map(documented.map((p) => [p.name, p])),
      byPhpName: new Map(documented.map((p) => [phpName(p.name), p.name])),
    };
    indexed.set(operation, found);
  }
  return found;
}

/**
 * PHP's query parser, which the API runs on, turns `partner[key]` into a nested array and
 * dots into underscores, so `partner[key]`, `partner_key` and `partner.key` all name the same
 * place on the server; only the documented form is known to be read.
 */
function phpName(name: string): string {
  return name.replace(/\[([^\]]*)\]/g, '.$1').replace(/[. ]/g, '_');
}

/**
 * Reads the operation's query parameters from a query string. Text that is not valid UTF-8
 * or holds NUL is refused (a database could not search for it). A form of a documented
 * parameter that the reference does not document (`partner_key`, which Partnero's n8n node
 * sends, or PHP's spelling `partner[key]`) is ignored, as the documented contract says, with
 * a warning naming the documented form; in strict mode every other unknown parameter is
 * named too. `extra` names input the operation reads beyond its parameters (`key` and
 * `email` on the list), which is taken as text.
 */
export function readQuery(
  operation: Operation,
  search: string,
  strict: boolean,
  extra: readonly string[] = [],
): QueryInput {
  const input: QueryInput = { params: {}, invalid: {}, warnings: [] };
  if (search === '') return input;
  const { byName, byPhpName } = queryParameters(operation);
  for (const { name, value } of parseQuery(search)) {
    const parameter = byName.get(name);
    if (!parameter && extra.includes(name)) {
      // Input the operation reads beyond its parameters (see `extraInput`), as text.
      if (!(name in input.params) && value !== undefined) input.params[name] = value;
      continue;
    }
    if (!parameter) {
      const documented = byPhpName.get(phpName(name));
      if (documented !== undefined) {
        input.warnings.push(
          `query parameter ${name} is not documented and was ignored; the documented form is ${documented}`,
        );
      } else if (strict) {
        input.warnings.push(`query parameter ${name} is not in the spec and was ignored`);
      }
      continue;
    }
    // As `URLSearchParams.get` reads it: the first of repeated parameters counts.
    if (name in input.params || name in input.invalid) continue;
    if (value === undefined) input.invalid[name] = [`The ${name} must be valid UTF-8 text.`];
    else if (value.includes('\u0000')) input.invalid[name] = [nulMessage(name)];
    else input.params[name] = typedParameter(parameter, value);
  }
  return input;
}

/** A parameter's text as its schema types it: an integer parameter's digits become a number. */
export function typedParameter(parameter: Parameter, value: string): unknown {
  return parameter.schema.type === 'integer' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}
