// The checks every webhook delivery goes through, all read from the spec's `webhooks`: it is
// a JSON POST naming an event the spec describes, it carries the headers the spec says
// every delivery carries (each fitting its schema), its body fits the event's payload
// schema, and the client's own `verifyWebhook` accepts its signature with the secret.
import { verifyWebhook } from '@partnero-kit/client';
import { spec } from './spec.js';

/** A request as a receiver saw it: header names in lower case, the body as it arrived. */
export interface Delivery {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

const problemsOf = (errors: { instancePath: string; message?: string; keyword: string }[]) =>
  errors.map((error) => `${error.instancePath || '(body)'} ${error.message ?? error.keyword}`);

/** What is wrong with a delivery, one line each; empty when it is as the spec describes. */
export async function deliveryProblems(delivery: Delivery, secret: string): Promise<string[]> {
  const problems: string[] = [];
  if (delivery.method !== 'POST') problems.push(`method ${delivery.method}, not POST`);
  const contentType = String(delivery.headers['content-type'] ?? '');
  if (!/^application\/json\b/.test(contentType)) {
    problems.push(`content-type ${JSON.stringify(contentType)}, not application/json`);
  }
  let body: { event?: unknown };
  try {
    body = JSON.parse(delivery.raw);
  } catch {
    return [...problems, 'the body is not JSON'];
  }
  const webhook = typeof body?.event === 'string' ? spec.webhooks.get(body.event) : undefined;
  if (!webhook) {
    const known = [...spec.webhooks.keys()].join(', ');
    return [...problems, `event ${JSON.stringify(body?.event)} is not one of the spec's: ${known}`];
  }
  for (const header of webhook.headers) {
    const value = delivery.headers[header.name.toLowerCase()];
    if (value === undefined) {
      if (header.required) problems.push(`header ${header.name} is missing`);
      continue;
    }
    const validate = spec.validator(`${header.pointer}/schema`);
    if (!validate(value)) {
      problems.push(...problemsOf(validate.errors ?? []).map((p) => `header ${header.name}: ${p}`));
    }
  }
  if (!webhook.validatePayload(body)) {
    problems.push(...problemsOf(webhook.validatePayload.errors ?? []));
  }
  const signature = delivery.headers.signature;
  await verifyWebhook({
    body: delivery.raw,
    signature: typeof signature === 'string' ? signature : undefined,
    secret,
  }).catch((error: Error) => problems.push(`signature: ${error.message}`));
  return problems;
}
