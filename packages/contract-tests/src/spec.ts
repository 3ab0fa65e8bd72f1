// The suite reads the spec only through the shared runtime; this module adds the two views
// the suite needs on top: examples by name (Prism selects them by name) and the operation a
// request reached.
import { loadSpec, type Operation, type Response } from '@partnero-kit/openapi/runtime';

export type { Operation, Response };

export const spec = loadSpec();

/**
 * A response's `application/json` examples by name, in document order. The runtime keeps
 * only their values; Prism's `Prefer: example=<name>` needs the names.
 */
export function namedExamples(response: Response): { name: string; value: unknown }[] {
  const node = spec.resolve<{ content?: Record<string, { examples?: Record<string, unknown> }> }>(
    `#${response.pointer}`,
  );
  const names = Object.keys(node.content?.['application/json']?.examples ?? {});
  return names.map((name, i) => ({ name, value: response.examples[i] }));
}

/** The operation whose method and path template match a request, if any. */
export function matchOperation(method: string, pathname: string): Operation | undefined {
  return [...spec.operations.values()].find(
    (operation) =>
      operation.method === method.toUpperCase() && templateToRegExp(operation.path).test(pathname),
  );
}

function templateToRegExp(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`);
}
