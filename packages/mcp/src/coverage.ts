// Every operation of the spec is either performed by a tool or left out on purpose, so a new
// operation cannot be forgotten: test/coverage.test.ts fails naming it.
import type { SpecRuntime } from '@partnero-kit/openapi/runtime';
import type { ToolDefinition } from './tools/index.js';

export interface Coverage {
  /** Operations of the spec that no tool performs and LEFT_OUT does not list. */
  unmapped: string[];
  /** Operation ids a tool or LEFT_OUT names that the spec does not have. */
  unknown: string[];
}

export function coverage(
  spec: SpecRuntime,
  tools: readonly ToolDefinition[],
  leftOut: Readonly<Record<string, string>>,
): Coverage {
  const named = new Set([...tools.flatMap((tool) => tool.operations), ...Object.keys(leftOut)]);
  return {
    unmapped: [...spec.operations.keys()].filter((id) => !named.has(id)),
    unknown: [...named].filter((id) => !spec.operations.has(id)),
  };
}
