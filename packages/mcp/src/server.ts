// The MCP server: the tools the flags allow, each registered with its schemas, annotations
// and description from the spec, behind one handler that turns API errors into results.

import {
  isInputRequiredResult,
  McpServer,
  type ToolAnnotations,
} from '@modelcontextprotocol/server';
import { type ClientOptions, Partnero } from '@partnero-kit/client';
import { loadSpec, type SpecRuntime } from '@partnero-kit/openapi/runtime';
import { errorResult, redactor } from './api-errors.js';
import { confirmationFor } from './confirm.js';
import { describeTool } from './descriptions.js';
import { lazySchema } from './lazy-schema.js';
import { createPreview, dryRunOutput } from './preview.js';
import { objectSchema } from './schemas.js';
import { type Access, type Args, TOOLS, type ToolDefinition } from './tools/index.js';

export interface PartneroMcpOptions {
  /** The program's API key. The command reads it from PARTNERO_API_KEY only. */
  apiKey: string;
  /** Default: PARTNERO_BASE_URL, else https://api.partnero.com. */
  baseUrl?: string | undefined;
  /** List and run create, update, suspend and approve. Default: false (read-only). */
  allowWrite?: boolean;
  /** Also list and run deletes; needs `allowWrite`. Default: false. */
  allowDelete?: boolean;
  /** Write tools answer the requests they would send, and send nothing. */
  dryRun?: boolean;
  /** Further client settings (timeout, retries, headers); never the key. */
  client?: Omit<ClientOptions, 'apiKey' | 'baseUrl' | 'logger'>;
  /** Receives one line per tool call and per client diagnostic, the key redacted. */
  log?: (line: string) => void;
}

export const SERVER_NAME = 'partnero-mcp';

/** The tools these flags allow, in the table's order. */
export function allowedTools(
  options: Pick<PartneroMcpOptions, 'allowWrite' | 'allowDelete'>,
): ToolDefinition[] {
  const allowed: Record<Access, boolean> = {
    read: true,
    write: options.allowWrite === true,
    delete: options.allowWrite === true && options.allowDelete === true,
  };
  return TOOLS.filter((tool) => allowed[tool.access]);
}

/**
 * The annotations MCP clients read to decide how carefully to treat a tool. The title is
 * the tool's own `title`, which clients prefer; repeating it here would only lengthen
 * tools/list.
 */
export function annotationsOf(tool: ToolDefinition): ToolAnnotations {
  return {
    readOnlyHint: tool.access === 'read',
    destructiveHint: tool.destructive,
    idempotentHint: tool.idempotent,
    openWorldHint: false,
  };
}

/**
 * A factory of MCP servers over one client: call it once per connection (stdio, in memory)
 * or per request (HTTP); every server shares the client and the spec.
 */
export function createServerFactory(options: PartneroMcpOptions, spec: SpecRuntime = loadSpec()) {
  const redact = redactor(options.apiKey);
  const log = (line: string) => options.log?.(redact(line));
  const client = new Partnero({
    ...options.client,
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    logger: {
      debug: () => {},
      warn: (message, details) => log(`client: ${message} ${JSON.stringify(details)}`),
    },
  });
  const preview = options.dryRun ? createPreview(client.baseUrl) : undefined;
  const tools = allowedTools(options).map((tool) => {
    const { title, description } = describeTool(spec, tool);
    return {
      tool,
      title,
      description,
      inputSchema: lazySchema<Args>(tool.input(spec)),
      // Error results carry `structuredContent.error`; MCP checks only successful results
      // against the output schema, so it is left out of it (tools/list stays short).
      outputSchema: lazySchema(
        objectSchema({
          ...tool.output(spec),
          ...(preview && tool.access !== 'read' ? dryRunOutput : {}),
        }),
      ),
    };
  });

  return () => {
    const server = new McpServer(
      { name: SERVER_NAME, version: VERSION },
      { capabilities: { tools: {} } },
    );
    for (const { tool, title, description, inputSchema, outputSchema } of tools) {
      server.registerTool(
        tool.name,
        { title, description, inputSchema, outputSchema, annotations: annotationsOf(tool) },
        async (args, context) => {
          const confirm = confirmationFor(context, server.server.getClientCapabilities());
          try {
            const result = await tool.run(args, { client, preview, confirm });
            log(
              `${tool.name}: ${isInputRequiredResult(result) ? 'asked the user' : result.isError ? 'refused' : 'ok'}`,
            );
            return result;
          } catch (error) {
            const result = errorResult(error, redact);
            log(`${tool.name}: ${(result.content[0] as { text: string }).text}`);
            return result;
          }
        },
      );
    }
    return server;
  };
}

declare const __VERSION__: string;
/** The package's version, written in at build time. */
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';
