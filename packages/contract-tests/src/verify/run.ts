// The drift report's run: creates its own customers and one webhook (unique keys), checks
// every operation of the spec and each behaviour the API reference does not pin down, and
// deletes what it created, also when a check fails or the run is interrupted.
import { randomBytes } from 'node:crypto';
import type { Webhook } from '@partnero-kit/client';
import { spec } from '../spec.js';
import {
  checkDeletedInList,
  checkFetchByBody,
  checkPartnerFilters,
  checkSearch,
  checkTakenKey,
  checkTopLevelUpdate,
  checkTransactions,
  dataOf,
  documented,
  findInPartnerList,
  goneAfterwards,
} from './behaviours.js';
import { ALL_CHECKS, CHECKS } from './checks.js';
import { Items } from './items.js';
import type { Report } from './report.js';
import { type Exchange, Session } from './session.js';
import { brief, judge, successStatus } from './verdict.js';

export interface VerifyOptions {
  baseUrl: string;
  apiKey: string;
  /** A partner that exists on the server; the run's customers are created for it. */
  partnerKey: string;
  /** At most this many requests per second. */
  requestsPerSecond: number;
  /** Called with the session once it exists, e.g. to interrupt it on SIGINT. */
  onSession?: (session: Session) => void;
}

export interface VerifyResult {
  report: Report;
  descriptions: Record<string, string>;
  /**
   * Keys of customers the run created but could not delete, and `webhook <key>` for a
   * webhook (empty when all went well).
   */
  leftBehind: string[];
}

export async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const session = new Session({ ...options, baseUrl });
  options.onSession?.(session);
  const items = new Items(options.apiKey);
  const at = new Date().toISOString();
  const run = `verify-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let leftBehind: string[] = [];
  try {
    await checkEverything(session, items, run, options.partnerKey);
    await checkWebhooks(session, items, run);
  } finally {
    leftBehind = await cleanUp(session);
  }
  // A check a failed step kept from running is reported as not run; so is an operation
  // added to the spec that has no check here yet, instead of being silently left out.
  for (const check of ALL_CHECKS) {
    if (!items.has(check.id)) items.notRun(check, 'a step it needs failed earlier (see above)');
  }
  for (const operation of spec.operations.values()) {
    const id = `operation:${operation.id}`;
    if (!items.has(id)) {
      items.notRun(
        { id, operation: operation.id, checks: 'the documented answer' },
        'the drift report has no check for this operation yet',
      );
    }
  }
  return {
    report: { baseUrl: publicUrl(baseUrl), at, items: items.list },
    descriptions: items.descriptions,
    leftBehind,
  };
}

async function checkEverything(
  session: Session,
  items: Items,
  run: string,
  partnerKey: string,
): Promise<void> {
  const a = { key: `${run}-a`, email: `${run}-a@example.com` };
  // B's email contains A's whole email: a search that matches loosely finds B as well.
  const b = { key: `${run}-b`, email: `x${run}-a@example.com` };
  const c = { key: `${run}-c`, email: `${run}-c@example.com` };
  const create = (customer: { key: string; email: string }) =>
    session.send('createCustomer', {
      body: { ...customer, partner: { key: partnerKey }, name: 'Contract', surname: 'Verify' },
    });

  const created = await items.run(CHECKS.createCustomer, async () => documented(await create(a)));
  // Every later check needs A; runVerify reports them as not run.
  if (!created.held) return;

  await items.run(CHECKS.getCustomer, async () => {
    const exchange = await session.send('getCustomer', { path: { key: a.key } });
    return documented(exchange, dataOf(exchange)?.key === a.key, 'but another customer');
  });
  await items.run(CHECKS.updateCustomer, async () => {
    const exchange = await session.send('updateCustomer', {
      path: { key: a.key },
      body: { update: { name: 'Changed' } },
    });
    return documented(exchange, dataOf(exchange)?.name === 'Changed', 'but the name is unchanged');
  });
  await items.run(CHECKS.updateCustomerByReference, async () => {
    const exchange = await session.send('updateCustomerByReference', {
      body: { key: a.key, update: { surname: 'Again' } },
    });
    return documented(
      exchange,
      dataOf(exchange)?.surname === 'Again',
      'but the surname is unchanged',
    );
  });

  await checkSearch(session, items, a, { key: b.key, created: await create(b) }, run);
  await checkTakenKey(session, items, a.key, partnerKey, run);
  await items.run(CHECKS.emailInPath, async () => {
    const exchange = await session.send('getCustomer', { path: { key: a.email } });
    const verdict = judge(exchange, 404);
    if (exchange.status === 200 && dataOf(exchange)?.key === a.key) {
      return {
        held: false,
        observed: `GET ${exchange.target} → 200: the server found the customer by the email in the path, which the spec does not document`,
      };
    }
    return { held: verdict.ok, observed: verdict.summary };
  });

  await checkTopLevelUpdate(session, items, a.key);
  await checkTransactions(session, items, a.key);
  await checkFetchByBody(session, items, a.key);

  await items.run(CHECKS.listCustomers, async () => {
    const found = await findInPartnerList(session, partnerKey, a.key);
    return { held: found.customer !== undefined && found.fits, observed: found.observed };
  });
  await checkPartnerFilters(session, items, run);

  const suspended = await items.run(CHECKS.suspendCustomer, async () =>
    documented(await session.send('suspendCustomer', { path: { key: a.key } })),
  );
  if (suspended.held) {
    await items.run(CHECKS.suspendSuspended, async () =>
      documented(await session.send('suspendCustomer', { path: { key: a.key } })),
    );
  }
  await items.run(CHECKS.approveCustomer, async () =>
    documented(await session.send('approveCustomer', { path: { key: a.key } })),
  );

  await items.run(CHECKS.deleteCustomerByReference, async () => {
    const made = await create(c);
    if (made.status !== successStatus('createCustomer')) {
      throw new Error(`creating a customer to delete failed: ${made.status}${brief(made)}`);
    }
    const exchange = await session.send('deleteCustomerByReference', { body: { key: c.key } });
    return goneAfterwards(session, c.key, documented(exchange));
  });
  await items.run(CHECKS.deleteCustomer, async () => {
    const exchange = await session.send('deleteCustomer', { path: { key: a.key } });
    return goneAfterwards(session, a.key, documented(exchange));
  });
  await checkDeletedInList(session, items, partnerKey, a.key);
}

/**
 * Creates a webhook that can receive nothing (inactive, to a URL under the reserved
 * `.invalid` domain, which never resolves), reads, lists, renames and deletes it. A check
 * that did not hold does not stop the next ones while the webhook exists.
 */
async function checkWebhooks(session: Session, items: Items, run: string): Promise<void> {
  const key = `${run}-webhook`;
  const events = [...spec.webhooks.keys()];
  const webhookOf = (exchange: Exchange) =>
    (exchange.body as { data?: Partial<Webhook> } | undefined)?.data;
  await items.run(CHECKS.createWebhook, async () => {
    const exchange = await session.send('createWebhook', {
      body: {
        name: 'partnero-kit verify',
        url: `https://${run}.invalid/partnero-webhooks`,
        events,
        key,
        is_active: false,
      },
    });
    const made = webhookOf(exchange);
    return documented(
      exchange,
      made?.key === key && made.is_active === false && typeof made.signature === 'string',
      'but not the inactive webhook asked for',
    );
  });
  if (!session.ownedOf('webhooks').includes(key)) return;
  await items.run(CHECKS.getWebhook, async () => {
    const exchange = await session.send('getWebhook', { path: { key } });
    return documented(exchange, webhookOf(exchange)?.key === key, 'but another webhook');
  });
  await items.run(CHECKS.listWebhooks, async () => {
    const exchange = await session.send('listWebhooks');
    const all = (exchange.body as { data?: Partial<Webhook>[] } | undefined)?.data;
    return documented(
      exchange,
      Array.isArray(all) && all.some((webhook) => webhook.key === key),
      'but the webhook is not in it',
    );
  });
  await items.run(CHECKS.updateWebhook, async () => {
    const name = 'partnero-kit verify (renamed)';
    const exchange = await session.send('updateWebhook', { path: { key }, body: { name } });
    const changed = webhookOf(exchange);
    return documented(
      exchange,
      changed?.name === name && changed.is_active === false,
      'but the name is unchanged or the webhook became active',
    );
  });
  await items.run(CHECKS.deleteWebhook, async () => {
    const exchange = await session.send('deleteWebhook', { path: { key } });
    return goneAfterwards(session, key, documented(exchange), 'getWebhook');
  });
}

/** Deletes everything the run created and still holds; returns what it could not. */
async function cleanUp(session: Session): Promise<string[]> {
  for (const key of session.ownedOf('webhooks')) {
    await session.send('deleteWebhook', { path: { key } }, true).catch(() => undefined);
  }
  for (const key of session.owned) {
    // A server that let the taken key through holds twins: delete until none is left.
    for (let attempt = 0; attempt < 3 && session.owned.includes(key); attempt++) {
      try {
        await session.send('deleteCustomer', { path: { key } }, true);
      } catch {
        break;
      }
    }
  }
  return [...session.owned, ...session.ownedOf('webhooks').map((key) => `webhook ${key}`)];
}

/** The server's URL as the report shows it: no credentials, query or fragment. */
function publicUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
