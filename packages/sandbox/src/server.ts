import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from './control.ts';
import { parseFault } from './faults.ts';
import { bearerToken, programOf, readJson, send, tooLarge } from './http.ts';
import { type OperationInput, operations, type Reply } from './operations.ts';
import type { RequestLog } from './request-log.ts';
import type { ProgramSeed } from './seed.ts';
import type { CompiledSpec, OperationId, OperationSpec } from './spec.ts';
import type { Storage } from './storage/types.ts';
import { describeErrors, validationBody } from './validation.ts';

export interface SandboxContext {
  spec: CompiledSpec;
  storage: Storage;
  /** Check every response against the spec before it is sent. */
  strict: boolean;
  log: RequestLog;
  /** Start-up seeds, applied again when their program is reset. */
  seeds: ProgramSeed[];
  /** Host and port the server listens on, for links when a request has no usable Host. */
  fallbackHost: () => string;
}

type Route =
  | { kind: 'api'; operation: OperationSpec; pathKey?: string }
  | { kind: 'control'; name: string };

const UNAUTHENTICATED = { message: 'Unauthenticated.' };
const SERVER_ERROR = { message: 'Server Error' };
const ROUTE_NOT_FOUND = { message: 'Not Found' };

export function createRequestHandler(context: SandboxContext) {
  const route = router(context.spec);
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(context, route, req, res).catch((error: unknown) => {
      process.stderr.write(`partnero-sandbox: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) send(res, 500, SERVER_ERROR);
      else res.destroy();
    });
  };
}

async function handle(
  context: SandboxContext,
  route: (method: string, path: string) => Route | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const found = route(req.method ?? 'GET', path);
  if (!found) {
    req.resume();
    send(res, 404, ROUTE_NOT_FOUND);
    return;
  }
  if (found.kind === 'control') {
    await handleControl(context, found.name, req, res);
    return;
  }

  const { operation } = found;
  const fault = parseFault(req.headers['sandbox-fault']);
  if (fault?.reset) {
    req.socket.destroy();
    return;
  }
  const token = bearerToken(req);
  if (token === undefined) {
    req.resume();
    reply(context, operation, res, { status: 401, body: UNAUTHENTICATED });
    return;
  }
  const program = programOf(token);
  const at = new Date().toISOString();
  const finish = (answer: Reply, body: unknown = null) => {
    const status = reply(context, operation, res, answer);
    context.log.record(program, {
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      body,
      status,
      at,
    });
  };

  if (fault) {
    if (fault.latency > 0) await new Promise((resolve) => setTimeout(resolve, fault.latency));
    const rejected = [...fault.invalid];
    if (fault.status !== undefined) {
      const documented = operation.responses.get(fault.status);
      if (documented && fault.status !== 200) {
        req.resume();
        if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
        finish({ status: fault.status, body: documented.example });
        return;
      }
      rejected.push(
        fault.status === 200
          ? 'status=200 is not a fault'
          : `status=${fault.status} is not documented for ${operation.id}`,
      );
    }
    if (rejected.length > 0)
      res.setHeader('sandbox-fault-rejected', headerSafe(rejected.join('; ')));
  }

  let body: unknown = null;
  if (operation.validateBody) {
    const read = await readJson(req);
    if (read.kind === 'too-large') {
      finish(tooLarge());
      return;
    }
    if (read.kind === 'bad-json') {
      finish({ status: 400, body: { message: 'The request body is not valid JSON.' } });
      return;
    }
    body = read.value;
  } else {
    req.resume();
  }

  const params = parameters(operation, found.pathKey, queryAt === -1 ? '' : url.slice(queryAt + 1));
  const errors = {};
  if (operation.validateParameters && !operation.validateParameters(params)) {
    Object.assign(
      errors,
      describeErrors(operation.validateParameters.errors ?? [], context.spec.anyOfBranches),
    );
  }
  if (operation.validateBody && !operation.validateBody(body)) {
    Object.assign(
      errors,
      describeErrors(operation.validateBody.errors ?? [], context.spec.anyOfBranches),
    );
  }
  if (Object.keys(errors).length > 0) {
    finish({ status: 422, body: validationBody(errors) }, body);
    return;
  }

  // Only the list needs its own URL; other operations skip the Host check.
  const input: OperationInput = { program, params, body, listUrl: () => listUrl(context, req) };
  finish(await operations[operation.id](context.storage, input), body);
}

/** Sends the reply; in strict mode, a reply the spec does not allow becomes a 500. */
function reply(
  context: SandboxContext,
  operation: OperationSpec,
  res: ServerResponse,
  answer: Reply,
): number {
  if (context.strict) {
    const violation = checkReply(context.spec, operation, answer);
    if (violation) {
      res.setHeader('sandbox-violation', headerSafe(violation));
      send(res, 500, SERVER_ERROR);
      return 500;
    }
  }
  send(res, answer.status, answer.body);
  return answer.status;
}

/** Sandbox-level protocol errors: not operation responses, but their bodies are Error bodies. */
const PROTOCOL_STATUSES = new Set([400, 413]);

export function checkReply(spec: CompiledSpec, operation: OperationSpec, answer: Reply) {
  const documented = operation.responses.get(answer.status);
  let validate = documented?.validate();
  if (!documented) {
    if (!PROTOCOL_STATUSES.has(answer.status)) {
      return `status ${answer.status} is not documented for ${operation.id}`;
    }
    validate = spec.validateComponent('Error');
  }
  if (validate && !validate(answer.body)) {
    const first = validate.errors?.[0];
    return `${answer.status} response of ${operation.id}: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`;
  }
  return undefined;
}

function parameters(operation: OperationSpec, pathKey: string | undefined, search: string) {
  const query = search ? new URLSearchParams(search) : undefined;
  const params: Record<string, unknown> = {};
  for (const p of operation.parameters) {
    if (p.in === 'path') {
      if (pathKey !== undefined) params[p.name] = pathKey;
      continue;
    }
    if (p.in !== 'query' || !query) continue;
    const value = query.get(p.name);
    if (value === null) continue;
    params[p.name] = p.integer && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  }
  return params;
}

/** `/v1/customers` on the host the caller used, so pagination links lead back here. */
function listUrl(context: SandboxContext, req: IncomingMessage): string {
  const host = req.headers.host;
  const usable =
    host !== undefined && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host);
  return `http://${usable ? host : context.fallbackHost()}/v1/customers`;
}

function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
}

const CUSTOMERS = '/v1/customers';

/** Maps method and path to an operation of the spec or a control route. */
function router(spec: CompiledSpec) {
  const op = (id: OperationId) => {
    const operation = spec.operations.get(id);
    if (!operation) throw new Error(`the spec has no operation ${id}`);
    return operation;
  };
  // Maps, not object literals: a path segment such as `constructor` must find nothing.
  const collection = new Map([
    ['GET', op('listCustomers')],
    ['POST', op('createCustomer')],
    ['PUT', op('updateCustomerByReference')],
    ['DELETE', op('deleteCustomerByReference')],
  ]);
  const item = new Map([
    ['GET', op('getCustomer')],
    ['PUT', op('updateCustomer')],
    ['DELETE', op('deleteCustomer')],
  ]);
  const actions = new Map([
    ['suspend', op('suspendCustomer')],
    ['approve', op('approveCustomer')],
  ]);
  const search = op('searchCustomer');
  const controls = new Map([
    ['POST /__sandbox/reset', 'reset'],
    ['POST /__sandbox/seed', 'seed'],
    ['GET /__sandbox/requests', 'requests'],
  ]);

  return (method: string, path: string): Route | undefined => {
    if (path === CUSTOMERS) {
      const operation = collection.get(method);
      return operation && { kind: 'api', operation };
    }
    if (path === `${CUSTOMERS}:search`)
      return method === 'GET' ? { kind: 'api', operation: search } : undefined;
    if (path.startsWith(`${CUSTOMERS}/`)) {
      const [rawKey = '', action, ...rest] = path.slice(CUSTOMERS.length + 1).split('/');
      const pathKey = decodeSegment(rawKey);
      if (!pathKey || rest.length > 0) return undefined;
      if (action === undefined) {
        const operation = item.get(method);
        return operation && { kind: 'api', operation, pathKey };
      }
      const operation = method === 'POST' ? actions.get(action) : undefined;
      return operation && { kind: 'api', operation, pathKey };
    }
    const control = controls.get(`${method} ${path}`);
    return control ? { kind: 'control', name: control } : undefined;
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
