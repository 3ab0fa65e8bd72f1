// Redocly plugin: every operation says where we know it from, in `x-evidence` (see "Where
// each part comes from" in openapi.yaml). The spec tests read EVIDENCE from here too.

/** The values `x-evidence` may take, from the strongest source to the weakest. */
export const EVIDENCE = ['seed', 'reference', 'vendor-client', 'assumed'];

const expected = `one of ${EVIDENCE.join(', ')}`;

function OperationEvidence() {
  return {
    Operation(operation, { report, location }) {
      const evidence = operation['x-evidence'];
      if (EVIDENCE.includes(evidence)) return;
      const name = operation.operationId ?? location.pointer;
      report({
        message:
          evidence === undefined
            ? `operation ${name} has no x-evidence; give it ${expected}`
            : `operation ${name} has x-evidence ${JSON.stringify(evidence)}; expected ${expected}`,
        location: evidence === undefined ? location.key() : location.child('x-evidence'),
      });
    },
  };
}

export default function evidencePlugin() {
  return {
    id: 'partnero',
    rules: { oas3: { 'operation-evidence': OperationEvidence } },
  };
}
