import { isObject, type JsonObject, type OpenApiDocument, resolveRef } from './openapi-document.ts';
import {
  EXACT_CONSTRAINTS,
  LOWER_BOUNDS,
  type SchemaView,
  UPPER_BOUNDS,
  viewSchema,
} from './schema-view.ts';

export type BreakingRule =
  | 'operation-removed'
  | 'parameter-removed'
  | 'parameter-became-required'
  | 'request-body-became-required'
  | 'request-body-removed'
  | 'media-type-removed'
  | 'success-response-removed'
  | 'property-removed'
  | 'request-property-became-required'
  | 'response-property-became-optional'
  | 'request-type-narrowed'
  | 'response-type-widened'
  | 'enum-value-removed'
  | 'request-constraint-tightened';

export interface BreakingChange {
  rule: BreakingRule;
  /** `operationId (METHOD /path)`. */
  operation: string;
  /** Where in the operation: `request body application/json /partner/key`, `query parameter limit`. */
  where: string;
  message: string;
}

/**
 * A request schema is read by the server and written by clients, a response schema the
 * other way round. A change breaks clients when the new request schema accepts less than
 * the old one, or the new response schema may produce something the old one could not.
 */
type Direction = 'request' | 'response';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Lists every change from `base` to `head` that can break an existing client. */
export function findBreakingChanges(
  base: OpenApiDocument,
  head: OpenApiDocument,
): BreakingChange[] {
  const findings: BreakingChange[] = [];
  const headOperations = operationsOf(head);
  for (const [key, baseOperation] of operationsOf(base)) {
    const headOperation = headOperations.get(key);
    const operation = `${baseOperation.id} (${baseOperation.method.toUpperCase()} ${baseOperation.path})`;
    if (!headOperation) {
      findings.push({
        rule: 'operation-removed',
        operation,
        where: 'operation',
        message: 'the operation was removed',
      });
      continue;
    }
    const context: Context = { base, head, operation, findings };
    compareParameters(context, baseOperation, headOperation);
    compareRequestBodies(
      context,
      baseOperation.operation.requestBody,
      headOperation.operation.requestBody,
    );
    compareResponses(context, baseOperation.operation.responses, headOperation.operation.responses);
  }
  return findings;
}

export function formatBreakingChange(change: BreakingChange): string {
  return `${change.operation} ${change.where}: ${change.message} [${change.rule}]`;
}

interface Operation {
  id: string;
  method: string;
  path: string;
  operation: JsonObject;
  pathParameters: unknown[];
}

interface Context {
  base: OpenApiDocument;
  head: OpenApiDocument;
  operation: string;
  findings: BreakingChange[];
}

/** Operations keyed by method and path template; path parameter names do not matter. */
function operationsOf(document: OpenApiDocument): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolveRef(document, rawItem).value;
    if (!isObject(item)) continue;
    const pathParameters = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const template = path.replaceAll(/\{[^}]*\}/g, '{}');
      operations.set(`${method} ${template}`, {
        id: typeof operation.operationId === 'string' ? operation.operationId : `${method} ${path}`,
        method,
        path,
        operation,
        pathParameters,
      });
    }
  }
  return operations;
}

function parametersOf(document: OpenApiDocument, operation: Operation): Map<string, JsonObject> {
  const parameters = new Map<string, JsonObject>();
  const own = Array.isArray(operation.operation.parameters) ? operation.operation.parameters : [];
  // Operation-level parameters override path-level ones with the same name and location.
  for (const raw of [...operation.pathParameters, ...own]) {
    const parameter = resolveRef(document, raw).value;
    if (isObject(parameter) && typeof parameter.name === 'string') {
      parameters.set(`${String(parameter.in)} parameter ${parameter.name}`, parameter);
    }
  }
  return parameters;
}

function compareParameters(context: Context, base: Operation, head: Operation): void {
  const baseParameters = parametersOf(context.base, base);
  const headParameters = parametersOf(context.head, head);
  for (const [where, baseParameter] of baseParameters) {
    const headParameter = headParameters.get(where);
    if (!headParameter) {
      // A renamed path parameter is the same URL; only query, header and cookie names matter.
      if (baseParameter.in !== 'path') {
        report(context, 'parameter-removed', where, 'the parameter was removed');
      }
      continue;
    }
    compareSchemas(context, 'request', where, baseParameter.schema, headParameter.schema);
  }
  for (const [where, headParameter] of headParameters) {
    if (headParameter.required !== true || headParameter.in === 'path') continue;
    const baseParameter = baseParameters.get(where);
    if (baseParameter?.required !== true) {
      report(
        context,
        'parameter-became-required',
        where,
        baseParameter ? 'the parameter became required' : 'a new required parameter was added',
      );
    }
  }
}

function compareRequestBodies(context: Context, rawBase: unknown, rawHead: unknown): void {
  const base = resolveRef(context.base, rawBase).value;
  const head = resolveRef(context.head, rawHead).value;
  if (isObject(head) && head.required === true && !(isObject(base) && base.required === true)) {
    report(
      context,
      'request-body-became-required',
      'request body',
      base ? 'the request body became required' : 'a required request body was added',
    );
  }
  if (!isObject(base)) return;
  if (!isObject(head)) {
    report(context, 'request-body-removed', 'request body', 'the request body was removed');
    return;
  }
  compareContent(context, 'request', 'request body', base.content, head.content);
}

function compareResponses(context: Context, rawBase: unknown, rawHead: unknown): void {
  const base = isObject(rawBase) ? rawBase : {};
  const head = isObject(rawHead) ? rawHead : {};
  for (const [status, rawBaseResponse] of Object.entries(base)) {
    const where = `response ${status}`;
    const baseResponse = resolveRef(context.base, rawBaseResponse).value;
    const headResponse = resolveRef(context.head, head[status]).value;
    if (!isObject(headResponse)) {
      // Clients are built around the success answer; an error status that is no longer
      // documented still reaches them as an error.
      if (status.startsWith('2')) {
        report(context, 'success-response-removed', where, 'the success response was removed');
      }
      continue;
    }
    if (isObject(baseResponse)) {
      compareContent(context, 'response', where, baseResponse.content, headResponse.content);
    }
  }
}

function compareContent(
  context: Context,
  direction: Direction,
  where: string,
  rawBase: unknown,
  rawHead: unknown,
): void {
  const base = isObject(rawBase) ? rawBase : {};
  const head = isObject(rawHead) ? rawHead : {};
  for (const [mediaType, baseMedia] of Object.entries(base)) {
    const headMedia = head[mediaType];
    if (!isObject(headMedia)) {
      report(context, 'media-type-removed', `${where} ${mediaType}`, 'the media type was removed');
      continue;
    }
    if (isObject(baseMedia)) {
      compareSchemas(
        context,
        direction,
        `${where} ${mediaType}`,
        baseMedia.schema,
        headMedia.schema,
      );
    }
  }
}

function compareSchemas(
  context: Context,
  direction: Direction,
  where: string,
  base: unknown,
  head: unknown,
  pointer = '',
  visiting: Set<string> = new Set(),
): void {
  if (base === undefined || head === undefined) return;
  const baseView = viewSchema(context.base, base);
  const headView = viewSchema(context.head, head);
  // Recursive schemas: a pair of named schemas already being compared on this path is done.
  const pair = `${baseView.ref}|${headView.ref}`;
  if (baseView.ref && headView.ref) {
    if (visiting.has(pair)) return;
    visiting.add(pair);
  }
  const at = pointer ? `${where} ${pointer}` : where;
  compareTypes(context, direction, at, baseView, headView);
  compareValues(context, direction, at, baseView, headView);
  if (direction === 'request') compareConstraints(context, at, baseView, headView);

  for (const [name, baseProperty] of baseView.properties) {
    const headProperty = headView.properties.get(name);
    const propertyPointer = `${pointer}/${name}`;
    if (headProperty === undefined) {
      report(context, 'property-removed', `${where} ${propertyPointer}`, 'the field was removed');
      continue;
    }
    compareSchemas(
      context,
      direction,
      where,
      baseProperty,
      headProperty,
      propertyPointer,
      visiting,
    );
  }
  if (direction === 'request') {
    for (const name of headView.required) {
      if (!baseView.required.has(name)) {
        const message = baseView.properties.has(name)
          ? 'the field became required'
          : 'a new required field was added';
        report(context, 'request-property-became-required', `${where} ${pointer}/${name}`, message);
      }
    }
  } else {
    for (const name of baseView.required) {
      if (!headView.required.has(name) && headView.properties.has(name)) {
        report(
          context,
          'response-property-became-optional',
          `${where} ${pointer}/${name}`,
          'the field is no longer always present',
        );
      }
    }
  }
  if (baseView.items !== undefined && headView.items !== undefined) {
    compareSchemas(
      context,
      direction,
      where,
      baseView.items,
      headView.items,
      `${pointer}[]`,
      visiting,
    );
  }
  if (isObject(baseView.additionalProperties) && isObject(headView.additionalProperties)) {
    compareSchemas(
      context,
      direction,
      where,
      baseView.additionalProperties,
      headView.additionalProperties,
      `${pointer}/*`,
      visiting,
    );
  }
  if (baseView.ref && headView.ref) visiting.delete(pair);
}

/** Whether a value of JSON type `type` is accepted by a schema allowing `types`. */
function typeAccepted(type: string, types: Set<string>): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function compareTypes(
  context: Context,
  direction: Direction,
  where: string,
  base: SchemaView,
  head: SchemaView,
): void {
  // Requests: the server must still accept every type clients were allowed to send.
  // Responses: clients must still understand every type the server may answer with.
  const [sent, understood] = direction === 'request' ? [base, head] : [head, base];
  if (!understood.types) return;
  const accepted = understood.types;
  const unaccepted = sent.types
    ? [...sent.types].filter((type) => !typeAccepted(type, accepted))
    : ['any type'];
  if (unaccepted.length === 0) return;
  const nullable = unaccepted.includes('null');
  if (direction === 'request') {
    const message = nullable
      ? 'no longer accepts null'
      : `no longer accepts ${unaccepted.join(', ')} (now ${[...accepted].join(' | ')})`;
    report(context, 'request-type-narrowed', where, message);
  } else {
    const message = nullable
      ? 'may now be null'
      : `may now be ${unaccepted.join(', ')} (was ${[...accepted].join(' | ')})`;
    report(context, 'response-type-widened', where, message);
  }
}

function compareValues(
  context: Context,
  direction: Direction,
  where: string,
  base: SchemaView,
  head: SchemaView,
): void {
  if (!head.values && !base.values) return;
  if (base.values && head.values) {
    const removed = [...base.values].filter((value) => !head.values?.has(value));
    if (removed.length > 0) {
      report(context, 'enum-value-removed', where, `value ${removed.join(', ')} was removed`);
    }
    return;
  }
  if (direction === 'request' && head.values) {
    report(
      context,
      'request-constraint-tightened',
      where,
      `now accepts only ${[...head.values].join(', ')}`,
    );
  }
  if (direction === 'response' && base.values) {
    report(context, 'response-type-widened', where, 'is no longer limited to a list of values');
  }
}

/** Request side only: a response bound that tightens or loosens does not break a reader. */
function compareConstraints(
  context: Context,
  where: string,
  base: SchemaView,
  head: SchemaView,
): void {
  const tightened = (keyword: string, detail: string) =>
    report(context, 'request-constraint-tightened', where, `${keyword} ${detail}`);
  for (const keyword of UPPER_BOUNDS) {
    const before = base.constraints[keyword];
    const after = head.constraints[keyword];
    if (typeof after !== 'number') continue;
    if (typeof before !== 'number') tightened(keyword, `${after} was added`);
    else if (after < before) tightened(keyword, `lowered from ${before} to ${after}`);
  }
  for (const keyword of LOWER_BOUNDS) {
    const before = base.constraints[keyword];
    const after = head.constraints[keyword];
    if (typeof after !== 'number') continue;
    if (typeof before !== 'number') tightened(keyword, `${after} was added`);
    else if (after > before) tightened(keyword, `raised from ${before} to ${after}`);
  }
  for (const keyword of EXACT_CONSTRAINTS) {
    const before = base.constraints[keyword];
    const after = head.constraints[keyword];
    if (after === undefined || JSON.stringify(after) === JSON.stringify(before)) continue;
    tightened(
      keyword,
      before === undefined
        ? `${JSON.stringify(after)} was added`
        : `changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`,
    );
  }
  if (head.uniqueItems && !base.uniqueItems) tightened('uniqueItems', 'was added');
  if (head.additionalProperties === false && base.additionalProperties !== false) {
    tightened('additionalProperties', 'false was added: unknown fields are now refused');
  }
}

function report(context: Context, rule: BreakingRule, where: string, message: string): void {
  context.findings.push({ rule, operation: context.operation, where, message });
}
