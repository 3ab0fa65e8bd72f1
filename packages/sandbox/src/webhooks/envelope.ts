import type { Json } from '@partnero-kit/openapi/runtime';
import type { SpecRuntime } from '../spec.js';
import type { ClaimedDelivery } from '../storage/webhook-types.js';

/**
 * Writes a delivery's body: the fields of the spec's event envelope, in its order, with the
 * customer's JSON text spliced in as stored, so the bytes signed are the bytes the API
 * answered with. A field the envelope gains that the sandbox has no value for stops here.
 */
export function envelopeWriter(spec: SpecRuntime, event: string): (d: ClaimedDelivery) => string {
  const schema = spec.resolve<Json>(spec.webhook(event).payload.schema);
  const names = envelopeFields(spec, schema);
  return (delivery) => {
    const values: Record<string, string> = {
      event: JSON.stringify(delivery.event),
      url: JSON.stringify(delivery.url),
      webhook_key: JSON.stringify(delivery.webhook_key),
      created_at: JSON.stringify(delivery.created_at),
      data: delivery.data,
    };
    return `{${names
      .map((name) => {
        const value = values[name];
        if (value === undefined)
          throw new Error(`the sandbox has no value for the event field ${name}`);
        return `${JSON.stringify(name)}:${value}`;
      })
      .join(',')}}`;
  };
}

/** The property names of an event schema, through its `allOf` parts, first seen first. */
function envelopeFields(spec: SpecRuntime, schema: Json): string[] {
  const names = new Set<string>();
  const visit = (node: Json) => {
    const resolved = spec.resolve<Json>(node);
    for (const part of (resolved.allOf as Json[] | undefined) ?? []) visit(part);
    for (const name of Object.keys((resolved.properties as Json | undefined) ?? {}))
      names.add(name);
  };
  visit(schema);
  return [...names];
}
