// The bundled spec through the runtime every package uses, so tests can ask "does this value
// satisfy schema X?" of the same validators the sandbox and the contract tests run.
import { loadSpec } from '../src/runtime.js';

export const runtime = loadSpec();

export const spec = runtime.document as {
  paths: Record<
    string,
    Record<string, { operationId?: string; responses?: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown> };
};

export function validator(schemaName: string) {
  return runtime.validator(`#/components/schemas/${schemaName}`);
}
