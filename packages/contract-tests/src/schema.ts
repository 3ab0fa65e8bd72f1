import { spec } from './spec.js';

/**
 * Checks a response body against the schema the spec documents for this operation and
 * status, with the runtime's validators. Returns the list of problems, empty when the body
 * conforms.
 */
export function schemaProblems(operationId: string, status: number, body: unknown): string[] {
  const operation = spec.operations.get(operationId);
  if (!operation) return [`the spec has no operation ${operationId}`];
  const response = operation.responses.get(status);
  if (!response) return [`${operationId} does not document status ${status}`];
  if (!response.schemaPointer) return [];
  const validate = spec.validator(response.schemaPointer);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message ?? error.keyword}`,
  );
}
