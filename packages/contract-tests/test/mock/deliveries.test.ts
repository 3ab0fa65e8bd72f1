// The sandbox's webhook deliveries against the spec: a real sandbox on 127.0.0.1 delivers
// customer.created, updated and deleted to a real receiver, and each delivery must pass
// deliveryProblems (payload schema, headers, and the client's verifyWebhook). The check can
// fail: a delivery changed in one way at a time gets exactly the problem that change makes.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Partnero } from '@partnero-kit/client';
import { type Sandbox, startSandbox } from '@partnero-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Delivery, deliveryProblems } from '../../src/deliveries.js';

let sandbox: Sandbox;
let receiver: Server;
let receiverUrl = '';
const received: Delivery[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    memory: true,
    webhooks: { baseMs: 30, maxMs: 120, attempts: 3, timeoutMs: 1_000, pollMs: 50 },
  });
  receiver = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    received.push({ method: req.method ?? '', headers: req.headers, raw });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  await sandbox?.close();
});

async function deliveries(count: number): Promise<Delivery[]> {
  const deadline = Date.now() + 10_000;
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`${received.length} of ${count} deliveries arrived`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return received.slice(0, count);
}

const resign = (delivery: Delivery, raw: string, secret: string): Delivery => ({
  ...delivery,
  raw,
  headers: {
    ...delivery.headers,
    signature: createHmac('sha256', secret).update(raw).digest('hex'),
  },
});

describe('webhook deliveries of the sandbox', () => {
  let secret = '';

  it('fit the spec and carry a signature the client verifies', async () => {
    const partnero = new Partnero({ apiKey: 'tok_contract_deliveries', baseUrl: sandbox.url });
    const webhook = await partnero.webhooks.create({
      name: 'contract suite',
      url: receiverUrl,
      events: ['customer.created', 'customer.updated', 'customer.deleted'],
    });
    secret = webhook.signature;
    await partnero.customers.create({ key: 'cus_d1', partner: { key: 'partner_ada' } });
    await partnero.customers.update({ key: 'cus_d1' }, { name: 'Ada' });
    await partnero.customers.delete({ key: 'cus_d1' });

    const got = await deliveries(3);
    expect(got.map((d) => JSON.parse(d.raw).event)).toEqual([
      'customer.created',
      'customer.updated',
      'customer.deleted',
    ]);
    for (const delivery of got) {
      const problems = await deliveryProblems(delivery, secret);
      expect(problems, `${delivery.raw}:\n${problems.join('\n')}`).toEqual([]);
    }
  });

  it('the check fails on a changed byte, a wrong secret, a field of the wrong type, an unknown event and a missing header', async () => {
    const [delivery] = await deliveries(1);
    if (!delivery) throw new Error('no delivery');
    const body = JSON.parse(delivery.raw);

    const changedByte = { ...delivery, raw: delivery.raw.replace('cus_d1', 'cus_d2') };
    expect(await deliveryProblems(changedByte, secret)).toEqual([
      expect.stringMatching(/^signature: The signature does not match/),
    ]);
    expect(await deliveryProblems(delivery, `${secret}x`)).toEqual([
      expect.stringMatching(/^signature: The signature does not match/),
    ]);

    const wrongType = resign(
      delivery,
      JSON.stringify({ ...body, data: { ...body.data, key: 42 } }),
      secret,
    );
    expect(await deliveryProblems(wrongType, secret)).toEqual([
      expect.stringMatching(/^\/data\/key /),
    ]);

    const unknown = resign(
      delivery,
      JSON.stringify({ ...body, event: 'customer.exploded' }),
      secret,
    );
    expect(await deliveryProblems(unknown, secret)).toEqual([
      expect.stringMatching(
        /^event "customer\.exploded" is not one of the spec's: customer\.created/,
      ),
    ]);

    const { signature: _, ...unsignedHeaders } = delivery.headers;
    expect(await deliveryProblems({ ...delivery, headers: unsignedHeaders }, secret)).toEqual([
      'header Signature is missing',
      expect.stringMatching(/^signature: No signature/),
    ]);
  });
});
