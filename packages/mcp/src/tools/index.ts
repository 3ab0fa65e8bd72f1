// The tool table: one entry per capability, each naming the spec operations it performs.
// A new operation of the spec is either added as one small entry or listed in LEFT_OUT
// (test/coverage.test.ts fails naming any operation that is neither).
import { CUSTOMER_TOOLS } from './customers.js';
import type { ToolDefinition } from './types.js';
import { WEBHOOK_TOOLS } from './webhooks.js';

export { DEFAULT_LIMIT } from './shared.js';
export type { Access, Args, Preview, RunContext, ToolDefinition } from './types.js';

export const TOOLS: readonly ToolDefinition[] = [...CUSTOMER_TOOLS, ...WEBHOOK_TOOLS];

/** Operations of the spec that no tool performs, each with the reason. */
export const LEFT_OUT: Readonly<Record<string, string>> = {};
