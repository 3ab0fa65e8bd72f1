// --dry-run: the write tools run the same client calls against a client whose `fetch`
// records each request and answers `{"status": 1, "data": {}}` (an envelope the client
// accepts) without sending anything. The recorded requests carry no headers, so the API
// key is never part of a dry run's answer.
import { Partnero } from '@partnero-kit/client';
import type { Json } from '@partnero-kit/openapi/runtime';
import { objectSchema } from './schemas.js';
import type { Preview } from './tools/index.js';

export function createPreview(baseUrl: string): Preview {
  let recorded: Json[] = [];
  const client = new Partnero({
    apiKey: 'dry-run',
    baseUrl,
    maxRetries: 0,
    fetch: async (url, init) => {
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      recorded.push({ method: init.method ?? 'GET', url, ...(body === undefined ? {} : { body }) });
      return new Response('{"status":1,"data":{}}', {
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  return {
    client,
    async record(send) {
      recorded = [];
      await send(client);
      return recorded;
    },
  };
}

/** The property a dry run answers with, added to the write tools' output schemas under --dry-run. */
export const dryRunOutput: Record<string, Json> = {
  dry_run: {
    type: 'array',
    items: objectSchema({ method: { type: 'string' }, url: { type: 'string' }, body: {} }),
  },
};
