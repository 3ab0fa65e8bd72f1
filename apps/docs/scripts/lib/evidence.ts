// Shows on the site where each part of the spec comes from: the spec's `x-evidence` (and
// `x-evidence-note`) become a badge and an opening line on each operation, and a closing
// line on each parameter, field and response that carries them.
import { type Json, loadSpec } from '@partnero-kit/openapi/runtime';

interface EvidenceLabel {
  /** Short text of the badge next to the operation's title. */
  badge: string;
  /** The sentence a reader sees. */
  sentence: string;
  /** A colour name of Redoc's tag styles. */
  color: string;
}

/** How the site words each value of `x-evidence`. */
export const EVIDENCE_LABELS: Readonly<Record<string, EvidenceLabel>> = {
  seed: {
    badge: 'Original page',
    sentence: "On Partnero's original customers page",
    color: 'green',
  },
  reference: {
    badge: 'Reference',
    sentence: "Documented in Partnero's API reference",
    color: 'blue',
  },
  'vendor-client': {
    badge: 'Clients only',
    sentence: "Known from Partnero's own clients; not in the API reference",
    color: 'orange',
  },
  assumed: {
    badge: 'Assumed',
    sentence: 'Our assumption; not confirmed by Partnero',
    color: 'red',
  },
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

function labelOf(node: Json, where: string): EvidenceLabel {
  const evidence = node['x-evidence'];
  const label = typeof evidence === 'string' ? EVIDENCE_LABELS[evidence] : undefined;
  if (!label) {
    const known = Object.keys(EVIDENCE_LABELS).join(', ');
    throw new Error(`${where}: x-evidence ${JSON.stringify(evidence)} is not one of ${known}`);
  }
  return label;
}

/** "Documented in Partnero's API reference." followed by the note, if any. */
export function evidenceLine(node: Json, where: string): string {
  const note = node['x-evidence-note'];
  const line = `*${labelOf(node, where).sentence}.*`;
  return typeof note === 'string' ? `${line} ${note.trim()}` : line;
}

function joinParagraphs(...parts: unknown[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join('\n\n');
}

/**
 * A copy of the spec where every operation (webhook events included) opens with a badge and a line saying where it
 * comes from, and every other part with `x-evidence` ends its description with that line.
 * Throws, naming the operation, when an operation has none or an unknown value.
 */
export function withEvidence(spec: Json): Json {
  const copy = structuredClone(spec);
  const runtime = loadSpec(copy);
  const operations = new Set<unknown>();
  const webhookOperations = [...runtime.webhooks.values()].map((webhook) => webhook.operation);
  for (const { id, pointer } of [...runtime.operations.values(), ...webhookOperations]) {
    const operation = runtime.resolve(`#${pointer}`);
    operations.add(operation);
    const where = `operation ${id}`;
    const label = labelOf(operation, where);
    operation['x-badges'] = [{ name: label.badge, color: label.color, position: 'after' }];
    operation.description = joinParagraphs(
      `**Source:** ${evidenceLine(operation, where)}`,
      operation.description,
    );
  }
  const annotate = (node: unknown, pointer: string): void => {
    if (!isObject(node)) return;
    if (!operations.has(node) && 'x-evidence' in node) {
      node.description = joinParagraphs(node.description, `Source: ${evidenceLine(node, pointer)}`);
    }
    for (const [key, child] of Object.entries(node)) annotate(child, `${pointer}/${key}`);
  };
  annotate(copy, '#');
  return copy;
}
