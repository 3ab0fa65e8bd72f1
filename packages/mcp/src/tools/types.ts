// What a tool of the table is made of, and what it gets when it runs.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Partnero } from '@partnero-kit/client';
import type { Json, SpecRuntime } from '@partnero-kit/openapi/runtime';
import type { Confirmation } from '../confirm.js';
import type { JsonObjectSchema } from '../schemas.js';

/** read: listed always; write: with --allow-write; delete: with --allow-write and --allow-delete. */
export type Access = 'read' | 'write' | 'delete';

export type Args = Record<string, unknown>;

/** What a tool's `run` gets besides its arguments. */
export interface RunContext {
  client: Partnero;
  /** Set under --dry-run: a client that records requests instead of sending them. */
  preview: Preview | undefined;
  confirm: Confirmation;
}

/** The requests a dry run would have sent. */
export interface Preview {
  client: Partnero;
  /** Runs `send` against the recording client; resolves to the requests it made. */
  record(send: (client: Partnero) => Promise<unknown>): Promise<Json[]>;
}

export interface ToolDefinition {
  /** Matches `^[a-z0-9_]{1,64}$`. */
  name: string;
  /** The operationIds this tool performs; the first gives its title and description. */
  operations: readonly string[];
  access: Access;
  /** Whether the tool may destroy or overwrite data, and whether repeating it changes more. */
  destructive: boolean;
  idempotent: boolean;
  /** A sentence added to the description from the spec, where the tool behaves beyond it. */
  note?: string;
  input(spec: SpecRuntime): JsonObjectSchema;
  /** The properties of `structuredContent` on success (a dry run's `dry_run` is added by the server). */
  output(spec: SpecRuntime): Record<string, Json>;
  run(args: Args, context: RunContext): Promise<CallToolResult>;
}
