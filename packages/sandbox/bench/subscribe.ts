/** Subscribes a webhook to `customer.created` on a benchmark's sandbox; its signing secret. */
export async function subscribeBenchWebhook(
  sandboxUrl: string,
  apiKey: string,
  receiverPort: number,
): Promise<string> {
  const subscribed = await fetch(`${sandboxUrl}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'bench',
      url: `http://127.0.0.1:${receiverPort}/hooks`,
      events: ['customer.created'],
    }),
  });
  if (subscribed.status !== 200) throw new Error(`could not subscribe: ${subscribed.status}`);
  return ((await subscribed.json()) as { data: { signature: string } }).data.signature;
}
