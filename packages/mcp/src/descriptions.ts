// A tool's title and description from its operations in the spec: the summary, the first
// sentence of the description, the tool's own note, and where each operation comes from.
import type { Operation, SpecRuntime } from '@partnero-kit/openapi/runtime';
import { oneLine } from './schemas.js';
import type { ToolDefinition } from './tools/index.js';

/** Where an operation comes from, by its `x-evidence`, in the words of the docs site. */
const EVIDENCE: Record<string, string> = {
  seed: "Partnero's original customers page",
  reference: "Partnero's API reference",
  'vendor-client': "Partnero's own clients only",
  assumed: 'assumed, not confirmed by Partnero',
};

const evidenceOf = (operation: Operation) =>
  EVIDENCE[String(operation.extensions['x-evidence'])] ?? 'of unknown origin';

export function describeTool(
  spec: SpecRuntime,
  tool: ToolDefinition,
): { title: string; description: string } {
  const operations = tool.operations.map((id) => spec.operation(id));
  const [first] = operations;
  if (!first) throw new Error(`tool ${tool.name} names no operation`);
  // One operation needs only its source; several say which request comes from where.
  const source =
    operations.length === 1
      ? `Source: ${evidenceOf(first)}.`
      : `Sources: ${operations.map((op) => `${op.method} ${op.path}: ${evidenceOf(op)}`).join('; ')}.`;
  const description = [oneLine(first.description), tool.note, source].filter(Boolean).join(' ');
  return { title: first.summary ?? tool.name, description };
}
