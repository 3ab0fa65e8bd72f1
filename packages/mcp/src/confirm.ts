// Asking the user before a deletion, through MCP elicitation. On the 2026-07-28 revision the
// tool answers `input_required` and is called again with the user's answer; on 2025-era
// connections the SDK turns the same return into an `elicitation/create` request. A client
// that cannot ask its user gets no question: the tool's description says the deletion is
// permanent instead.
import {
  type CallToolResult,
  type ClientCapabilities,
  inputRequired,
  type ServerContext,
} from '@modelcontextprotocol/server';

export type Confirmed =
  | { kind: 'accepted' }
  | { kind: 'declined' }
  /** The question is on its way to the user: return `result` from the tool. */
  | { kind: 'pending'; result: CallToolResult };

/** Asks the user `question` (yes or no) and says how they answered. */
export type Confirmation = (question: string) => Promise<Confirmed>;

const KEY = 'confirm';
const CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';

/** The confirmation for one tool call, answered from the call's `inputResponses`. */
export function confirmationFor(
  context: ServerContext,
  connectionCapabilities: ClientCapabilities | undefined,
): Confirmation {
  return async (question) => {
    const declared =
      (context.mcpReq.envelope as Record<string, ClientCapabilities> | undefined)?.[CAPABILITIES] ??
      connectionCapabilities;
    if (!declared?.elicitation) return { kind: 'accepted' };
    const response = context.mcpReq.inputResponses?.[KEY] as
      | { action?: string; content?: { confirm?: unknown } }
      | undefined;
    if (response === undefined) {
      const result = inputRequired({
        inputRequests: {
          [KEY]: inputRequired.elicit({
            message: question,
            requestedSchema: {
              type: 'object',
              properties: {
                confirm: { type: 'boolean', title: 'Delete', description: 'Yes, delete it.' },
              },
              required: ['confirm'],
            },
          }),
        },
      });
      return { kind: 'pending', result: result as unknown as CallToolResult };
    }
    return response.action === 'accept' && response.content?.confirm === true
      ? { kind: 'accepted' }
      : { kind: 'declined' };
  };
}
