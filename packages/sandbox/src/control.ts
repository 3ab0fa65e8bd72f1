import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, programOf, readJson, send } from './http.ts';
import { prepareSeed } from './seed.ts';
import type { SandboxContext } from './server.ts';
import { validationBody } from './validation.ts';

/**
 * The `/__sandbox/*` routes for test suites. They act on the caller's program (its bearer
 * token) and are not part of the public spec.
 */
export async function handleControl(
  context: SandboxContext,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const token = bearerToken(req);
  if (token === undefined) {
    req.resume();
    send(res, 401, { message: 'Unauthenticated.' });
    return;
  }
  const program = programOf(token);

  if (name === 'requests') {
    req.resume();
    send(res, 200, { data: context.log.list(program), status: 1 });
    return;
  }
  if (name === 'reset') {
    req.resume();
    await resetProgram(context, token);
    send(res, 200, { status: 1 });
    return;
  }

  const read = await readJson(req);
  if (read.kind === 'too-large') {
    send(res, 413, { message: 'The request body is larger than 1 MiB.' });
    return;
  }
  if (read.kind === 'bad-json') {
    send(res, 400, { message: 'The request body is not valid JSON.' });
    return;
  }
  const outcome = await applySeed(context, program, read.value);
  if (outcome.status === 200) {
    send(res, 200, { status: 1, ...outcome.counts });
  } else {
    send(res, outcome.status, outcome.body);
  }
}

/** Empties the program, forgets its requests, and re-applies its start-up seed. */
export async function resetProgram(context: SandboxContext, apiKey: string): Promise<void> {
  const program = programOf(apiKey);
  await context.storage.reset(program);
  context.log.clear(program);
  for (const seed of context.seeds) {
    if (seed.apiKey === apiKey) await applySeedOrThrow(context, seed.apiKey, seed);
  }
}

export async function applySeed(context: SandboxContext, program: string, payload: unknown) {
  const prepared = await prepareSeed(context.spec, context.storage, program, payload);
  if (!prepared.ok) return { status: 422, body: validationBody(prepared.errors) } as const;
  try {
    await context.storage.seed(program, prepared.data);
  } catch (error) {
    const field = (error as { field?: string }).field;
    if (field === 'key' || field === 'email') {
      return {
        status: 422,
        body: validationBody({ [`customers.${field}`]: [`The ${field} has already been taken.`] }),
      } as const;
    }
    throw error;
  }
  const counts = {
    partners: prepared.data.partners.length,
    customers: prepared.data.customers.length,
  };
  return { status: 200, counts } as const;
}

/** Seeds given at start-up must be valid: a bad one stops the sandbox with the reasons. */
export async function applySeedOrThrow(context: SandboxContext, apiKey: string, payload: unknown) {
  const outcome = await applySeed(context, programOf(apiKey), payload);
  if (outcome.status !== 200) {
    const errors = Object.entries(outcome.body.errors)
      .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      .join('; ');
    throw new Error(`invalid seed: ${errors}`);
  }
}
