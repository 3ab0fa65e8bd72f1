import { SandboxSetupError } from '../errors.js';
import type { Handler, Handlers } from '../operations/handlers.js';
import type { Operation, SpecRuntime } from '../spec.js';

export interface ApiRoute {
  operation: Operation;
  handler: Handler;
  /** Path parameters by name, still percent-encoded as they arrived. */
  rawPathParams: [name: string, raw: string][];
}

export type Router = (method: string, path: string) => ApiRoute | undefined;

interface Template {
  pattern: RegExp;
  names: string[];
  byMethod: Map<string, { operation: Operation; handler: Handler }>;
}

/**
 * Maps a method and path to an operation of the spec: every path item is a route, such as
 * `/v1/customers/{key}`, or `/v1/customers:search`, whose `:search` is part of its segment.
 */
export function createRouter(spec: SpecRuntime, handlers: Handlers): Router {
  // Paths without parameters are looked up directly; templates are tried fewest parameters
  // first, so a literal segment wins over a parameter that would also match it.
  const literal = new Map<string, Template>();
  const templates: Template[] = [];
  for (const operation of spec.operations.values()) {
    const handler = Object.hasOwn(handlers, operation.id)
      ? (handlers as Record<string, Handler>)[operation.id]
      : undefined;
    if (!handler) {
      throw new SandboxSetupError(
        `the spec's operation ${operation.id} (${operation.method} ${operation.path}) has no handler in operations/handlers.ts`,
      );
    }
    const template = templateOf(operation.path, literal, templates);
    template.byMethod.set(operation.method, { operation, handler });
  }
  templates.sort((a, b) => a.names.length - b.names.length);

  return (method, path) => {
    const exact = literal.get(path);
    if (exact) {
      const found = exact.byMethod.get(method);
      if (found) return { ...found, rawPathParams: [] };
    }
    for (const template of templates) {
      const match = template.pattern.exec(path);
      const found = match && template.byMethod.get(method);
      if (!found) continue;
      return {
        ...found,
        rawPathParams: template.names.map((name, i) => [name, match[i + 1] ?? '']),
      };
    }
    return undefined;
  };
}

function templateOf(path: string, literal: Map<string, Template>, templates: Template[]) {
  const names: string[] = [];
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  if (names.length === 0) {
    let template = literal.get(path);
    if (!template) {
      template = { pattern: new RegExp(`^${source}$`), names, byMethod: new Map() };
      literal.set(path, template);
    }
    return template;
  }
  let template = templates.find((t) => t.pattern.source === `^${source}$`);
  if (!template) {
    template = { pattern: new RegExp(`^${source}$`), names, byMethod: new Map() };
    templates.push(template);
  }
  return template;
}
