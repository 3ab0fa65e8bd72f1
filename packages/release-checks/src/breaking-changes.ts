import {
  type Json,
  loadSpec,
  type MediaType,
  type Operation,
  type Parameter,
  type RequestBody,
  type Response,
  type SpecRuntime,
} from '@partnero-kit/openapi/runtime';
import { isObject, type OpenApiDocument } from './openapi-document.js';
import {
  EXACT_CONSTRAINTS,
  LOWER_BOUNDS,
  type SchemaView,
  UPPER_BOUNDS,
  viewSchema,
} from './schema-view.js';
import { type SecurityRule, securityChanges } from './security-changes.js';

export type BreakingRule =
  | 'operation-removed'
  | 'parameter-removed'
  | 'parameter-became-required'
  | 'request-body-became-required'
  | 'request-body-removed'
  | 'media-type-removed'
  | 'success-response-removed'
  | 'response-header-removed'
  | 'response-header-became-optional'
  | 'property-removed'
  | 'request-property-became-required'
  | 'response-property-became-optional'
  | 'request-type-narrowed'
  | 'response-type-widened'
  | 'enum-value-removed'
  | 'request-constraint-tightened'
  | SecurityRule;

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

/** Lists every change from `base` to `head` that can break an existing client. */
export function findBreakingChanges(
  base: OpenApiDocument,
  head: OpenApiDocument,
): BreakingChange[] {
  const findings: BreakingChange[] = [];
  const baseSpec = loadSpec(base);
  const headSpec = loadSpec(head);
  const headOperations = new Map(
    [...headSpec.operations.values()].map((operation) => [routeOf(operation), operation]),
  );
  for (const baseOperation of baseSpec.operations.values()) {
    const headOperation = headOperations.get(routeOf(baseOperation));
    const operation = `${baseOperation.id} (${baseOperation.method} ${baseOperation.path})`;
    const context: Context = { base: baseSpec, head: headSpec, operation, findings };
    if (!headOperation) {
      report(context, 'operation-removed', 'operation', 'the operation was removed');
      continue;
    }
    compareParameters(context, baseOperation.parameters, headOperation.parameters);
    compareRequestBodies(context, baseOperation.requestBody, headOperation.requestBody);
    compareResponses(context, baseOperation.responses, headOperation.responses);
    const security = securityChanges(
      { spec: baseSpec, security: baseOperation.security },
      { spec: headSpec, security: headOperation.security },
    );
    for (const { rule, message } of security) report(context, rule, 'security', message);
  }
  return findings;
}

export function formatBreakingChange(change: BreakingChange): string {
  return `${change.operation} ${change.where}: ${change.message} [${change.rule}]`;
}

interface Context {
  base: SpecRuntime;
  head: SpecRuntime;
  operation: string;
  findings: BreakingChange[];
}

/**
 * Operations are matched by method and path template, not by operationId (which is not on
 * the wire); path parameter names do not matter either.
 */
function routeOf(operation: Operation): string {
  return `${operation.method} ${operation.path.replaceAll(/\{[^}]*\}/g, '{}')}`;
}

/** Header names are case-insensitive on the wire. */
function parameterKey(parameter: Parameter): string {
  const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
  return `${parameter.in} parameter ${name}`;
}

function compareParameters(context: Context, base: Parameter[], head: Parameter[]): void {
  const baseParameters = new Map(base.map((parameter) => [parameterKey(parameter), parameter]));
  const headParameters = new Map(head.map((parameter) => [parameterKey(parameter), parameter]));
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
    if (!headParameter.required || headParameter.in === 'path') continue;
    const baseParameter = baseParameters.get(where);
    if (!baseParameter?.required) {
      report(
        context,
        'parameter-became-required',
        where,
        baseParameter ? 'the parameter became required' : 'a new required parameter was added',
      );
    }
  }
}

function compareRequestBodies(
  context: Context,
  base: RequestBody | undefined,
  head: RequestBody | undefined,
): void {
  if (head?.required && !base?.required) {
    report(
      context,
      'request-body-became-required',
      'request body',
      base ? 'the request body became required' : 'a required request body was added',
    );
  }
  if (!base) return;
  if (!head) {
    report(context, 'request-body-removed', 'request body', 'the request body was removed');
    return;
  }
  compareContent(context, 'request', 'request body', base.content, head.content);
}

function compareResponses(
  context: Context,
  base: Map<number, Response>,
  head: Map<number, Response>,
): void {
  for (const [status, baseResponse] of base) {
    const where = `response ${status}`;
    const headResponse = head.get(status);
    if (!headResponse) {
      // Clients are built around the success answer; an error status that is no longer
      // documented still reaches them as an error.
      if (status >= 200 && status < 300) {
        report(context, 'success-response-removed', where, 'the success response was removed');
      }
      continue;
    }
    compareContent(context, 'response', where, baseResponse.content, headResponse.content);
    compareResponseHeaders(context, where, baseResponse.headers, headResponse.headers);
  }
}

/**
 * A documented response header is one a client may read (`Retry-After`, a rate limit): it
 * must stay, stay as present as it was, and keep meaning values the client understands.
 * Names are compared case-insensitively, as HTTP does.
 */
function compareResponseHeaders(
  context: Context,
  where: string,
  base: Record<string, Json>,
  head: Record<string, Json>,
): void {
  const headHeaders = new Map(
    Object.entries(head).map(([name, header]) => [name.toLowerCase(), header]),
  );
  for (const [name, baseHeader] of Object.entries(base)) {
    const at = `${where} header ${name}`;
    const headHeader = headHeaders.get(name.toLowerCase());
    if (!headHeader) {
      report(context, 'response-header-removed', at, 'the header was removed');
      continue;
    }
    if (baseHeader.required === true && headHeader.required !== true) {
      report(context, 'response-header-became-optional', at, 'the header is no longer always sent');
    }
    compareSchemas(context, 'response', at, baseHeader.schema, headHeader.schema);
  }
}

function compareContent(
  context: Context,
  direction: Direction,
  where: string,
  base: Record<string, MediaType>,
  head: Record<string, MediaType>,
): void {
  for (const [mediaType, baseMedia] of Object.entries(base)) {
    const headMedia = head[mediaType];
    if (!headMedia) {
      report(context, 'media-type-removed', `${where} ${mediaType}`, 'the media type was removed');
      continue;
    }
    compareSchemas(context, direction, `${where} ${mediaType}`, baseMedia.schema, headMedia.schema);
  }
}

function compareSchemas(
  context: Context,
  direction: Direction,
  where: string,
  base: unknown,
  head: unknown,
  pointer = '',
  visiting: Map<unknown, Set<unknown>> = new Map(),
): void {
  if (base === undefined || head === undefined) return;
  const baseView = viewSchema(context.base, base);
  const headView = viewSchema(context.head, head);
  // Recursive schemas: a pair of schemas already being compared on this path is done.
  const pairs = visiting.get(baseView.node) ?? new Set();
  if (pairs.has(headView.node)) return;
  visiting.set(baseView.node, pairs.add(headView.node));
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
  pairs.delete(headView.node);
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

/** Numeric bounds, and the move of each that lets a request through less often. */
const BOUNDS = [
  {
    keywords: UPPER_BOUNDS,
    narrows: (before: number, after: number) => after < before,
    verb: 'lowered',
  },
  {
    keywords: LOWER_BOUNDS,
    narrows: (before: number, after: number) => after > before,
    verb: 'raised',
  },
];

/** Request side only: a response bound that tightens or loosens does not break a reader. */
function compareConstraints(
  context: Context,
  where: string,
  base: SchemaView,
  head: SchemaView,
): void {
  const tightened = (keyword: string, detail: string) =>
    report(context, 'request-constraint-tightened', where, `${keyword} ${detail}`);
  for (const { keywords, narrows, verb } of BOUNDS) {
    for (const keyword of keywords) {
      const before = base.constraints[keyword];
      const after = head.constraints[keyword];
      if (typeof after !== 'number') continue;
      if (typeof before !== 'number') tightened(keyword, `${after} was added`);
      else if (narrows(before, after)) tightened(keyword, `${verb} from ${before} to ${after}`);
    }
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
