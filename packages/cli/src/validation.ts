// Checks a body against the spec before it is sent, and says what is wrong in the words of
// the fields: `email: must match format "email"`.
import { type ErrorObject, loadSpec } from '@partnero-kit/openapi/runtime';

/** `/partner/key` → `partner.key`; the body itself is `body`. */
const dotted = (pointer: string) => pointer.split('/').slice(1).join('.') || 'body';

/**
 * A validator for the schema at `pointer` that answers `undefined` for a valid body, or one
 * line naming each field and the rule it breaks.
 */
export function bodyChecker(pointer: string): (body: unknown) => string | undefined {
  const validate = loadSpec().validator(pointer);
  return (body) => (validate(body) ? undefined : describe(validate.errors ?? []));
}

/**
 * One message per problem. A failed `anyOf` whose branches each miss a required field (a
 * partner named by key, id or email) becomes "needs one of …" instead of one line per branch.
 */
export function describe(errors: ErrorObject[]): string {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const insideAlternative = (error: ErrorObject) =>
    alternatives.some(
      (alt) => error !== alt && error.schemaPath.startsWith(alt.schemaPath.replace(/\/?$/, '/')),
    );
  const messages = new Set<string>();
  for (const error of errors) {
    if (insideAlternative(error)) continue;
    if (alternatives.includes(error)) {
      // A value given inside (a partner email that is not an email) is the problem to name;
      // otherwise nothing names the partner at all.
      const deeper = errors.some(
        (e) => e.instancePath.startsWith(`${error.instancePath}/`) && !insideAlternative(e),
      );
      const missing = errors
        .filter((e) => e.keyword === 'required' && e.schemaPath.startsWith(`${error.schemaPath}/`))
        .map(
          (e) =>
            `${dotted(e.instancePath)}.${(e.params as { missingProperty: string }).missingProperty}`,
        );
      if (!deeper && missing.length)
        messages.add(
          `${dotted(error.instancePath)}: needs one of ${[...new Set(missing)].join(', ')}`,
        );
      continue;
    }
    messages.add(line(error));
  }
  return [...messages].join('; ');
}

function line(error: ErrorObject): string {
  if (error.keyword === 'required') {
    const name = (error.params as { missingProperty: string }).missingProperty;
    const parent = dotted(error.instancePath);
    return `${parent === 'body' ? name : `${parent}.${name}`}: is required`;
  }
  if (error.keyword === 'additionalProperties') {
    const name = (error.params as { additionalProperty: string }).additionalProperty;
    return `${dotted(`${error.instancePath}/${name}`)}: is not a field the API accepts`;
  }
  return `${dotted(error.instancePath)}: ${error.message ?? 'is not valid'}`;
}
