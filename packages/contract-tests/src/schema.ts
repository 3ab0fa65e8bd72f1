import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { type SpecOperation, spec, specOperations } from './spec.ts';

const SPEC_ID = 'https://partnero-kit.local/openapi.json';

// Strict mode stays on so a typo in a schema keyword fails loudly; the top-level words of
// an OpenAPI document (and OpenAPI's own schema annotations) are declared as known instead.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
ajv.addVocabulary([
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'paths',
  'webhooks',
  'components',
  'security',
  'tags',
  'externalDocs',
  'discriminator',
  'xml',
  'example',
]);
ajv.addSchema({ ...spec, $id: SPEC_ID });

const compiled = new Map<string, ValidateFunction>();

function validatorFor(operation: SpecOperation, status: string): ValidateFunction | undefined {
  const response = operation.responses.find((candidate) => candidate.status === status);
  if (!response?.schemaPointer) return undefined;
  const id = `${operation.operationId} ${status}`;
  let validate = compiled.get(id);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SPEC_ID}#${response.schemaPointer}` });
    compiled.set(id, validate);
  }
  return validate;
}

/**
 * Checks a response body against the schema the spec documents for this operation and
 * status. Returns the list of problems, empty when the body conforms.
 */
export function schemaProblems(operationId: string, status: number, body: unknown): string[] {
  const operation = specOperations().find((candidate) => candidate.operationId === operationId);
  if (!operation) return [`the spec has no operation ${operationId}`];
  const documented = operation.responses.some((response) => response.status === String(status));
  if (!documented) return [`${operationId} does not document status ${status}`];
  const validate = validatorFor(operation, String(status));
  if (!validate) return [];
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message ?? error.keyword}`,
  );
}
