import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context.js';
import { controlRoute, handleControl } from './control/routes.js';
import { bearerToken, programOf } from './http/auth.js';
import { parseFault } from './http/faults.js';
import { headerSafe, type Reply, send } from './http/replies.js';
import {
  declaredTooLarge,
  decodePathSegment,
  isJsonContentType,
  readJson,
} from './http/request.js';
import type { ApiRoute } from './http/routing.js';
import { checkReply, unknownFields } from './http/strict.js';
import { readBodyInput } from './operations/body-input.js';
import { readQuery } from './operations/query.js';
import { topLevelUpdate, type UpdateForm } from './operations/update-form.js';
import type { Operation, ValidateFunction } from './spec.js';
import { StorageUnavailable } from './storage/types.js';
import { describeErrors, type FieldErrors, mergeErrors, nulErrors } from './validation.js';

export function createRequestHandler(context: SandboxContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(context, req, res).catch((error: unknown) => {
      report(context, error);
      if (!res.headersSent) send(res, context.replies.serverError);
      else res.destroy();
    });
  };
}

async function handle(
  context: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const method = req.method ?? 'GET';
  const route = context.route(method, path);
  if (route) {
    await handleOperation(context, route, req, res, queryAt === -1 ? '' : url.slice(queryAt + 1));
    return;
  }
  const control = controlRoute(method, path);
  if (control) {
    await handleControl(context, control, req, res);
    return;
  }
  req.resume();
  send(res, context.replies.routeNotFound(path));
}

/** One API request on its way through the steps. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: ApiRoute;
  readonly query: string;
  readonly program: string;
  /** ISO time the request arrived. */
  readonly at: string;
  /** Path and query parameters, once parsed. */
  params: Record<string, unknown>;
  /** The body as the API reads it: `{}` when none was sent or it was not sent as JSON. */
  body: unknown;
  /** The JSON body as it was sent, for the request log (before the top-level update form). */
  sent?: unknown;
  /** Whether a JSON body was read, for the request log. */
  bodyRead: boolean;
  /** Fields refused while parsing, reported with the validation errors. */
  invalid: FieldErrors;
  /** What the sandbox ignored or could not know, for the `Sandbox-Warning` header. */
  warnings: string[];
}

/** The connection was dropped on purpose: nothing is answered. */
const DROPPED = Symbol('dropped');

/** Auth, fault, parse, validate, dispatch, reply: each step may end the request early. */
async function handleOperation(
  context: SandboxContext,
  route: ApiRoute,
  req: IncomingMessage,
  res: ServerResponse,
  query: string,
): Promise<void> {
  const token = bearerToken(req);
  if (token === undefined || !context.accepts(token)) {
    req.resume();
    const status = respond(context, route.operation, res, context.replies.unauthenticated, []);
    // A refused key still finds its request in its log; the log never holds the token.
    if (token !== undefined) {
      context.log.record(programOf(token), {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: null,
        status,
        at: new Date().toISOString(),
      });
    }
    return;
  }
  const program = programOf(token);
  const exchange: Exchange = {
    req,
    res,
    route,
    query,
    program,
    at: new Date().toISOString(),
    params: {},
    body: {},
    bodyRead: false,
    invalid: {},
    warnings: [],
  };
  const answer =
    (await applyFault(context, exchange)) ??
    (await parse(context, exchange)) ??
    validate(context, exchange) ??
    (await dispatch(context, exchange));
  if (answer !== DROPPED) reply(context, exchange, answer);
}

/** What a `Sandbox-Fault` header asks for: a dropped connection, a delay, a documented status. */
async function applyFault(
  context: SandboxContext,
  { req, res, route: { operation } }: Exchange,
): Promise<Reply | typeof DROPPED | undefined> {
  const fault = parseFault(req.headers['sandbox-fault']);
  if (!fault) return undefined;
  if (fault.reset) {
    req.socket.destroy();
    return DROPPED;
  }
  if (fault.latency > 0) await new Promise((resolve) => setTimeout(resolve, fault.latency));
  const rejected = [...fault.invalid];
  if (fault.status !== undefined) {
    const documented =
      fault.status === 200 ? undefined : context.replies.documented(operation, fault.status);
    if (documented) {
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
      return documented;
    }
    rejected.push(
      fault.status === 200
        ? 'status=200 is not a fault'
        : `status=${fault.status} is not documented for ${operation.id}`,
    );
  }
  if (rejected.length > 0) res.setHeader('sandbox-fault-rejected', headerSafe(rejected.join('; ')));
  return undefined;
}

/** Path parameters, query parameters and the body, read as the API reads them. */
async function parse(context: SandboxContext, exchange: Exchange): Promise<Reply | undefined> {
  const { req, route } = exchange;
  const { operation } = route;
  for (const [name, raw] of route.rawPathParams) {
    const value = decodePathSegment(raw);
    // A key that is not text (NUL, broken UTF-8) names no customer.
    if (value === undefined) {
      return (
        context.replies.documented(operation, 404) ??
        context.replies.routeNotFound((req.url ?? '/').split('?')[0] ?? '/')
      );
    }
    exchange.params[name] = value;
  }
  // Refused on every method before anything is read, as a body the size limit allows is.
  if (declaredTooLarge(req)) return context.replies.tooLarge;
  const extra = context.extraInput[operation.id] ?? [];
  const query = readQuery(operation, exchange.query, context.strict, extra);
  Object.assign(exchange.params, query.params);
  exchange.invalid = query.invalid;
  exchange.warnings.push(...query.warnings);

  const contentType = req.headers['content-type'];
  if (!operation.requestBody) {
    // Laravel reads a JSON body on every method: on GET and DELETE it is input too.
    if (!isJsonContentType(contentType)) return undefined;
    const read = await readJson(req);
    if (read.kind === 'too-large') return context.replies.tooLarge;
    if (read.kind === 'bad-json') return context.replies.badJson;
    const input = readBodyInput(operation, read.value, extra, context.strict);
    Object.assign(exchange.params, input.params);
    Object.assign(exchange.invalid, input.invalid);
    exchange.warnings.push(...input.warnings);
    exchange.body = read.value;
    exchange.bodyRead = true;
    return undefined;
  }
  if (!isJsonContentType(contentType)) {
    // Laravel reads no input from such a body, so its required fields are reported missing.
    const sent =
      req.headers['transfer-encoding'] !== undefined ||
      (req.headers['content-length'] ?? '0') !== '0';
    if (sent) {
      exchange.warnings.push(
        `the body was not read: Content-Type ${contentType ?? '(none)'} is not JSON (send application/json)`,
      );
    }
    return undefined;
  }
  const read = await readJson(req);
  if (read.kind === 'too-large') return context.replies.tooLarge;
  if (read.kind === 'bad-json') return context.replies.badJson;
  // What is logged is what was sent; what is validated is the body in its documented form.
  const form = updateFormOf(context, operation)?.(read.value);
  exchange.body = form ? form.body : read.value;
  if (form) exchange.warnings.push(...form.warnings);
  exchange.sent = read.value;
  exchange.bodyRead = true;
  return undefined;
}

const updateForms = new WeakMap<Operation, ((body: unknown) => UpdateForm) | null>();

/** The operation's reading of the top-level update form, worked out on its first request. */
function updateFormOf(context: SandboxContext, operation: Operation) {
  let form = updateForms.get(operation);
  if (form === undefined) {
    form = topLevelUpdate(context.spec, operation) ?? null;
    updateForms.set(operation, form);
  }
  return form ?? undefined;
}

interface InputValidators {
  parameters: ValidateFunction | undefined;
  body: ValidateFunction | undefined;
}

/** Compiled on an operation's first request, so start-up compiles nothing. */
const inputValidators = new WeakMap<Operation, InputValidators>();

function validatorsOf(context: SandboxContext, operation: Operation): InputValidators {
  let validators = inputValidators.get(operation);
  if (!validators) {
    const bodySchema = operation.requestBody?.schemaPointer;
    validators = {
      parameters:
        operation.parameters.length > 0
          ? context.spec.parametersValidator(operation.id)
          : undefined,
      body: bodySchema === undefined ? undefined : context.spec.validator(bodySchema),
    };
    inputValidators.set(operation, validators);
  }
  return validators;
}

/** Every failing field in one 422; in strict mode, body fields the spec does not know. */
function validate(context: SandboxContext, exchange: Exchange): Reply | undefined {
  const { operation } = exchange.route;
  const { spec } = context;
  const errors = exchange.invalid;
  const validators = validatorsOf(context, operation);
  if (validators.parameters && !validators.parameters(exchange.params)) {
    mergeErrors(errors, describeErrors(validators.parameters.errors ?? [], spec.anyOfBranches));
  }
  if (validators.body) {
    if (!validators.body(exchange.body)) {
      mergeErrors(errors, describeErrors(validators.body.errors ?? [], spec.anyOfBranches));
    }
    mergeErrors(errors, nulErrors(exchange.body));
    const schema = operation.requestBody?.schema;
    if (context.strict && schema) {
      for (const { field, suggestion } of unknownFields(spec, schema, exchange.body)) {
        const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
        exchange.warnings.push(`body field ${field} is not in the spec and was ignored${hint}`);
      }
    }
  }
  return Object.keys(errors).length > 0 ? context.replies.invalid(errors) : undefined;
}

/** Runs the operation's handler; a storage that fails answers the spec's 500 at once. */
async function dispatch(context: SandboxContext, exchange: Exchange): Promise<Reply> {
  const { req, route, program, params, body } = exchange;
  try {
    return await route.handler(context.storage, {
      program,
      params,
      body,
      // Only pages need their own URL; other operations skip the Host check.
      listUrl: () => ownUrl(context, req),
    });
  } catch (error) {
    report(context, error);
    return context.replies.serverError;
  }
}

/** Sends the answer with its warnings and records it in the program's request log. */
function reply(context: SandboxContext, exchange: Exchange, answer: Reply): void {
  const { req, res, route } = exchange;
  req.resume();
  const warnings = answer.warnings ? [...exchange.warnings, ...answer.warnings] : exchange.warnings;
  const status = respond(context, route.operation, res, answer, warnings);
  context.log.record(exchange.program, {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    body: exchange.bodyRead ? ('sent' in exchange ? exchange.sent : exchange.body) : null,
    status,
    at: exchange.at,
  });
}

/** In strict mode, a reply the spec does not allow becomes a 500 naming the broken rule. */
function respond(
  context: SandboxContext,
  operation: Operation,
  res: ServerResponse,
  answer: Reply,
  warnings: string[],
): number {
  if (warnings.length > 0) res.setHeader('sandbox-warning', headerSafe(warnings.join('; ')));
  const answered = answer.answersAs ? context.spec.operation(answer.answersAs) : operation;
  const violation = context.strict
    ? checkReply(context.spec, context.replies, answered, answer)
    : undefined;
  if (violation) {
    res.setHeader('sandbox-violation', headerSafe(violation));
    send(res, context.replies.serverError);
    return context.replies.serverError.status;
  }
  send(res, answer);
  return answer.status;
}

/**
 * The request's URL without its query, on the host the caller used (`/v1/customers`,
 * `/v1/customers:search`), so the links of a page lead back to the same operation.
 */
function ownUrl(context: SandboxContext, req: IncomingMessage): string {
  const host = req.headers.host;
  const usable =
    host !== undefined && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host);
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  return `http://${usable ? host : context.fallbackHost()}${queryAt === -1 ? url : url.slice(0, queryAt)}`;
}

/** One line for a storage out of reach (it recovers by itself); a stack for anything else. */
function report({ logger }: SandboxContext, error: unknown): void {
  if (error instanceof StorageUnavailable) logger.warn(`storage unavailable: ${error.message}`);
  else logger.error((error as Error)?.stack ?? String(error));
}
