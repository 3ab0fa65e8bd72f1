import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.js';
import { bearerToken, programOf } from '../http/auth.js';
import { send } from '../http/replies.js';
import { readJson } from '../http/request.js';
import { handleWebhookControl, type WebhookControl, webhookControlRoute } from './webhooks.js';

type ControlName = 'reset' | 'seed' | 'requests';

const ROUTES = new Map<string, ControlName>([
  ['POST /__sandbox/reset', 'reset'],
  ['POST /__sandbox/seed', 'seed'],
  ['GET /__sandbox/requests', 'requests'],
]);

/** The control route at this method and path, if there is one. */
export function controlRoute(
  method: string,
  path: string,
): ControlName | WebhookControl | undefined {
  return ROUTES.get(`${method} ${path}`) ?? webhookControlRoute(method, path);
}

/**
 * The `/__sandbox/*` routes for test suites. They act on the caller's program (its bearer
 * token) and are not part of the public spec. Their JSON body is read whatever the
 * Content-Type says: they are the sandbox's own, not the API's.
 */
export async function handleControl(
  context: SandboxContext,
  name: ControlName | WebhookControl,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { replies } = context;
  const token = bearerToken(req);
  if (token === undefined) {
    req.resume();
    send(res, replies.unauthenticated);
    return;
  }
  const program = programOf(token);
  if (typeof name === 'object') return handleWebhookControl(context, name, program, req, res);

  if (name === 'requests') {
    req.resume();
    send(res, { status: 200, body: { data: context.log.list(program), status: 1 } });
    return;
  }
  if (name === 'reset') {
    req.resume();
    await context.seeder.reset(token);
    send(res, { status: 200, body: { status: 1 } });
    return;
  }

  const read = await readJson(req);
  if (read.kind === 'too-large') return send(res, replies.tooLarge);
  if (read.kind === 'bad-json') return send(res, replies.badJson);
  const result = await context.seeder.apply(program, read.value);
  send(
    res,
    result.ok
      ? { status: 200, body: { status: 1, ...result.counts } }
      : replies.invalid(result.errors),
  );
}
