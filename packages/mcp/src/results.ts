// What a tool answers: `structuredContent` that matches the tool's output schema, with a
// short text summary beside it, and never more than a client can take in.
import type { CallToolResult } from '@modelcontextprotocol/server';

/** Results above this many characters of JSON are cut (about 5 000 tokens). */
export const RESULT_LIMIT = 20_000;

export type Structured = Record<string, unknown>;

/** A successful result: the data and one line saying what it is. */
export function answer(structured: Structured, summary: string): CallToolResult {
  return fit({ content: [{ type: 'text', text: summary }], structuredContent: structured });
}

/** A failed call, said so in words and in `structuredContent.error`. */
export function failure(message: string, error: Structured = { message }): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: message }],
    structuredContent: { error },
  };
}

/**
 * Cuts a result that is too large. A page loses items from its end (the first array of the
 * result: its customers, transactions…), and the result says how many it kept and how to
 * ask for less; anything else keeps its data and says that it is too large.
 */
function fit(result: CallToolResult): CallToolResult {
  if (size(result) <= RESULT_LIMIT) return result;
  const structured = { ...(result.structuredContent as Structured) };
  const items = Object.keys(structured).find((key) => Array.isArray(structured[key]));
  const summary = (result.content[0] as { text: string }).text;
  if (items !== undefined) {
    const kept = [...(structured[items] as unknown[])];
    const total = kept.length;
    const note = (n: number) =>
      `cut: ${n} of the ${total} ${items} on this page are shown (the answer would pass ${RESULT_LIMIT} characters). Ask for fewer with a smaller \`limit\`, or for less of each with \`fields\`.`;
    do {
      kept.pop();
      structured[items] = kept;
      structured.truncated = note(kept.length);
    } while (kept.length > 0 && size({ ...result, structuredContent: structured }) > RESULT_LIMIT);
    return {
      content: [{ type: 'text', text: `${summary} (${structured.truncated})` }],
      structuredContent: structured,
    };
  }
  structured.truncated = `cut: the answer passes ${RESULT_LIMIT} characters. Ask for less of it with \`fields\`.`;
  return {
    content: [{ type: 'text', text: `${summary} (${structured.truncated})` }],
    structuredContent: structured,
  };
}

const size = (result: CallToolResult) => JSON.stringify(result).length;
