// The checks of behaviours the API reference does not pin down, and the small judgements
// the operation checks share. Each returns an Outcome; run.ts decides the order.
import type { Customer } from '@partnero-kit/client';
import { schemaProblems } from '../schema.js';
import { spec } from '../spec.js';
import { CHECKS, FILTER_CHECKS } from './checks.js';
import type { Items, Outcome } from './items.js';
import type { Exchange, Session } from './session.js';
import { brief, judge, successStatus } from './verdict.js';

/** Pages of a partner's list walked to find one customer, each of the largest size. */
const MAX_PAGES = 10;
const PAGE_SIZE = largestLimit('listCustomers');

/** The `maximum` the spec gives the `limit` parameter of an operation. */
function largestLimit(operationId: string): number {
  const limit = spec.operation(operationId).parameters.find(({ name }) => name === 'limit');
  const maximum = (limit?.schema as { maximum?: unknown } | undefined)?.maximum;
  if (typeof maximum !== 'number') throw new Error(`${operationId}: limit has no maximum`);
  return maximum;
}

export const dataOf = (exchange: Exchange) =>
  (exchange.body as { data?: Partial<Customer> } | undefined)?.data;

/** The customers of a page, or `undefined` when the body is not a page. */
const rowsOf = (exchange: Exchange): Customer[] | undefined => {
  const data = (exchange.body as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as Customer[]) : undefined;
};

/** The answer is the operation's documented success, and `matches` what was asked for. */
export function documented(exchange: Exchange, matches = true, otherwise = ''): Outcome {
  const verdict = judge(exchange, successStatus(exchange.operationId));
  if (verdict.ok && !matches) return { held: false, observed: `${verdict.summary}, ${otherwise}` };
  return { held: verdict.ok, observed: verdict.summary };
}

/**
 * After a delete that held: the customer (or, with `getOperation`, the webhook) must be gone
 * (404), as the spec documents.
 */
export async function goneAfterwards(
  session: Session,
  key: string,
  deleted: Outcome,
  getOperation: 'getCustomer' | 'getWebhook' = 'getCustomer',
) {
  if (!deleted.held) return deleted;
  const after = await session.send(getOperation, { path: { key } });
  return after.status === 404
    ? { held: true, observed: `${deleted.observed}; GET afterwards → 404` }
    : {
        held: false,
        observed: `${deleted.observed}; GET afterwards → ${after.status} (the spec says 404)`,
      };
}

/**
 * Search for A's email: the operation's item, then whether the page also held B, whose
 * email contains A's whole email (found only by a loose match), then a search for nobody.
 */
export async function checkSearch(
  session: Session,
  items: Items,
  a: { key: string; email: string },
  b: { key: string; created: Exchange },
  run: string,
): Promise<void> {
  let rows: Customer[] | undefined;
  await items.run(CHECKS.searchCustomers, async () => {
    const exchange = await session.send('searchCustomers', { query: { email: a.email } });
    rows = rowsOf(exchange);
    const holdsA = rows?.some((customer) => customer.key === a.key) ?? false;
    return documented(exchange, holdsA, 'but the customer with that email is not on it');
  });

  if (b.created.status !== successStatus('createCustomer')) {
    items.notRun(
      CHECKS.searchMatching,
      `creating the second customer failed: ${b.created.status}${brief(b.created)}`,
    );
  } else {
    await items.run(CHECKS.searchMatching, async () => {
      if (!rows) return { held: false, observed: 'the search did not answer a page' };
      const wanted = a.email.toLowerCase();
      const exact = rows.filter((customer) => customer.email?.toLowerCase() === wanted);
      const loose = rows.filter((customer) => customer.key === b.key);
      const others = rows.length - exact.length - loose.length;
      const mode = loose.length
        ? 'loose: the page also held the customer whose email only contains the one asked for'
        : 'exact: the customer whose email only contains the one asked for was not on the page';
      return {
        held: exact.some((customer) => customer.key === a.key),
        observed: `${mode}; ${exact.length} exact match(es)${others ? `, ${others} customer(s) this run did not create` : ''}`,
      };
    });
  }

  await items.run(CHECKS.searchNoMatch, async () => {
    const exchange = await session.send('searchCustomers', {
      query: { email: `${run}-nobody@example.com` },
    });
    return documented(exchange, rowsOf(exchange)?.length === 0, 'but the page is not empty');
  });
}

export async function checkTakenKey(
  session: Session,
  items: Items,
  key: string,
  partnerKey: string,
  run: string,
): Promise<void> {
  await items.run(CHECKS.takenKey, async () => {
    const exchange = await session.send('createCustomer', {
      body: { key, email: `${run}-twin@example.com`, partner: { key: partnerKey } },
    });
    const verdict = judge(exchange, 422);
    const errors = (exchange.body as { errors?: Record<string, unknown> } | undefined)?.errors;
    if (verdict.ok && !errors?.key) {
      return { held: false, observed: `${verdict.summary}, but \`errors\` does not name key` };
    }
    return {
      held: verdict.ok,
      observed: verdict.ok ? `${verdict.summary}${brief(exchange)}` : verdict.summary,
    };
  });
}

export interface ListSearch {
  customer: Customer | undefined;
  /** Every page read fitted the spec. */
  fits: boolean;
  observed: string;
}

/** Walks a partner's list (up to MAX_PAGES pages) for one customer. */
export async function findInPartnerList(
  session: Session,
  partnerKey: string,
  key: string,
): Promise<ListSearch> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const exchange = await session.send('listCustomers', {
      query: { 'partner.key': partnerKey, limit: PAGE_SIZE, page },
    });
    const verdict = judge(exchange, successStatus('listCustomers'));
    if (!verdict.ok) return { customer: undefined, fits: false, observed: verdict.summary };
    const rows = rowsOf(exchange) ?? [];
    const customer = rows.find((candidate) => candidate.key === key);
    if (customer) {
      return { customer, fits: true, observed: `${verdict.summary}; on page ${page}` };
    }
    const next = (exchange.body as { links?: { next?: unknown } }).links?.next;
    if (next === null || rows.length === 0) {
      return { customer, fits: true, observed: `not in any of the ${page} page(s) of the list` };
    }
  }
  return {
    customer: undefined,
    fits: true,
    observed: `not in the first ${MAX_PAGES * PAGE_SIZE} customers of the partner; later pages were not read`,
  };
}

export async function checkDeletedInList(
  session: Session,
  items: Items,
  partnerKey: string,
  key: string,
): Promise<void> {
  await items.run(CHECKS.deletedInList, async () => {
    const found = await findInPartnerList(session, partnerKey, key);
    if (!found.fits) return { held: false, observed: found.observed };
    if (!found.customer) return { held: true, observed: `not listed: ${found.observed}` };
    return found.customer.deleted === true
      ? { held: true, observed: 'still listed, with `deleted: true`' }
      : { held: false, observed: 'still listed, with `deleted: false`' };
  });
}

/**
 * Each form filters by a partner that does not exist: a server that honours the form
 * answers an empty page, one that ignores it answers customers (the run's own exist).
 */
export async function checkPartnerFilters(
  session: Session,
  items: Items,
  run: string,
): Promise<void> {
  for (const { form, inSpec, check } of FILTER_CHECKS) {
    await items.run(check, async () => {
      const value = form.kind === 'key' ? `${run}-nobody` : `${run}-nobody@example.com`;
      const exchange = await session.send(
        'listCustomers',
        form.in === 'body'
          ? { body: { ...nested(form.name, value), limit: 1 } }
          : { query: { [form.name]: value, limit: 1 } },
      );
      const problems = schemaProblems('listCustomers', exchange.status, exchange.body);
      const rows = rowsOf(exchange);
      const status = `GET ${exchange.target}${form.in === 'body' ? ' with a JSON body' : ''} → ${exchange.status}`;
      const what =
        exchange.status !== 200
          ? `refused${brief(exchange)}`
          : rows?.length === 0
            ? 'honoured: the unknown partner has no customers'
            : 'ignored: customers came back';
      const observed = `${status}, ${what}${problems.length ? `; body breaks the spec: ${problems.slice(0, 2).join('; ')}` : ''}${warningOf(exchange)}`;
      const fits = problems.length === 0;
      return {
        held: inSpec ? fits && exchange.status === 200 && rows?.length === 0 : fits,
        observed,
      };
    });
  }
}

/** `{"partner": {"key": value}}` for `partner.key`: a dotted name as a JSON body nests it. */
function nested(name: string, value: unknown): Record<string, unknown> {
  const [head = name, ...rest] = name.split('.');
  return { [head]: rest.length === 0 ? value : nested(rest.join('.'), value) };
}

/** The customer's transactions: a page of the spec's shape, each naming the customer. */
export async function checkTransactions(session: Session, items: Items, key: string) {
  await items.run(CHECKS.listCustomerTransactions, async () => {
    const exchange = await session.send('listCustomerTransactions', {
      path: { key },
      query: { limit: 15 },
    });
    const rows = (exchange.body as { data?: { customer?: unknown }[] } | undefined)?.data;
    const others = Array.isArray(rows) ? rows.filter((row) => row.customer !== key).length : 0;
    return documented(exchange, others === 0, `but ${others} transaction(s) name another customer`);
  });
}

/**
 * The n8n node's update, the changes at the top level: applied (the spec's 200 with the
 * change) or refused with a documented status both hold; a 200 that dropped it does not.
 */
export async function checkTopLevelUpdate(session: Session, items: Items, key: string) {
  await items.run(CHECKS.topLevelUpdate, async () => {
    const exchange = await session.send('updateCustomer', {
      path: { key },
      body: { name: 'TopLevel' },
    });
    const problems = schemaProblems('updateCustomer', exchange.status, exchange.body);
    const where = `PUT ${exchange.target} with {"name"} at the top level → ${exchange.status}`;
    const warning = warningOf(exchange);
    if (problems.length > 0) {
      return {
        held: false,
        observed: `${where}, body breaks the spec: ${problems.slice(0, 2).join('; ')}`,
      };
    }
    if (exchange.status !== 200)
      return { held: true, observed: `${where}, refused${brief(exchange)}` };
    return dataOf(exchange)?.name === 'TopLevel'
      ? { held: true, observed: `${where}, applied${warning}` }
      : { held: false, observed: `${where}, but the name is unchanged: the change was dropped` };
  });
}

/**
 * The original page's "Fetch a customer": `GET /v1/customers` with a `{"key"}` body. The
 * live API's answer is not known: the customer (fitting getCustomer's answer), a list
 * (fitting the list's) or a documented error all hold, and the report says which it was.
 */
export async function checkFetchByBody(session: Session, items: Items, key: string) {
  await items.run(CHECKS.fetchByBody, async () => {
    const exchange = await session.send('listCustomers', { body: { key } });
    const where = `GET ${exchange.target} with {"key"} → ${exchange.status}`;
    const warning = warningOf(exchange);
    const data = (exchange.body as { data?: unknown } | undefined)?.data;
    if (exchange.status === 200 && !Array.isArray(data)) {
      const problems = schemaProblems('getCustomer', 200, exchange.body);
      if (problems.length > 0) {
        return {
          held: false,
          observed: `${where}, one customer, but its body breaks getCustomer's answer: ${problems.slice(0, 2).join('; ')}`,
        };
      }
      const same = (data as { key?: unknown }).key === key;
      return {
        held: same,
        observed: same
          ? `${where}: that customer, as the page documented${warning}`
          : `${where}: another customer`,
      };
    }
    const problems = schemaProblems('listCustomers', exchange.status, exchange.body);
    const what =
      exchange.status === 200 ? 'a list: the body was ignored' : `an error${brief(exchange)}`;
    return problems.length > 0
      ? {
          held: false,
          observed: `${where}, ${what}, and the body breaks the spec: ${problems.slice(0, 2).join('; ')}`,
        }
      : { held: true, observed: `${where}, ${what}${warning}` };
  });
}

/** The `Sandbox-Warning` of an answer, for the report line. */
function warningOf(exchange: Exchange): string {
  const warning = exchange.headers.get('sandbox-warning');
  return warning ? `; Sandbox-Warning: ${warning.slice(0, 160)}` : '';
}
