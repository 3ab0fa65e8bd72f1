// A tool's title and description from its operations in the spec: the summary, the first
// sentence of the description, the tool's own note, and where each operation comes from.
import type { SpecRuntime } from '@partnero-kit/openapi/runtime';
import { oneLine } from './schemas.js';
import type { ToolDefinition } from './tools/index.js';

/** What each `x-evidence` value says about an operation, as the docs site words it. */
const EVIDENCE: Record<string, string> = {
  seed: "on Partnero's original customers page",
  reference: "in Partnero's API reference",
  'vendor-client': "known from Partnero's own clients, not from its reference",
  assumed: 'assumed, not confirmed by Partnero',
};

export function describeTool(
  spec: SpecRuntime,
  tool: ToolDefinition,
): { title: string; description: string } {
  const operations = tool.operations.map((id) => spec.operation(id));
  const [first] = operations;
  if (!first) throw new Error(`tool ${tool.name} names no operation`);
  const sources = operations
    .map(
      (op) =>
        `${op.method} ${op.path} ${EVIDENCE[String(op.extensions['x-evidence'])] ?? 'of unknown origin'}`,
    )
    .join('; ');
  const description = [oneLine(first.description), tool.note, `Source: ${sources}.`]
    .filter(Boolean)
    .join(' ');
  return { title: first.summary ?? tool.name, description };
}
