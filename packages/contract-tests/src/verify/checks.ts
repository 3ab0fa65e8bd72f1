// Every item the drift report can hold, in one table: what it checks and where its evidence
// is read. run.ts and behaviours.ts carry them out; an item a failed step kept from running
// is still reported, as not run.
import { namedExamples, spec } from '../spec.js';
import { type EvidenceSource, parameterPointer } from './evidence.js';
import type { Check } from './items.js';

const operationCheck = (operation: string, checks: string): Check => ({
  id: `operation:${operation}`,
  operation,
  checks,
});

/** The spec part that documents the answer to a taken key: the 422 example naming `key`. */
function takenKeyEvidence(): EvidenceSource {
  const response = spec.operation('createCustomer').responses.get(422);
  if (!response) return { at: [] };
  const example = namedExamples(response).find(
    (candidate) => (candidate.value as { errors?: Record<string, unknown> })?.errors?.key,
  );
  const examples = `${response.pointer}/content/application~1json/examples`;
  return { at: [example && `${examples}/${example.name}`, response.pointer] };
}

export const CHECKS = {
  createCustomer: operationCheck('createCustomer', 'a new customer is created and returned'),
  getCustomer: operationCheck('getCustomer', 'the customer is returned by its key'),
  updateCustomer: operationCheck('updateCustomer', 'a change by key is saved and returned'),
  updateCustomerByReference: operationCheck(
    'updateCustomerByReference',
    'a change naming the key in the body is saved and returned',
  ),
  searchCustomers: operationCheck(
    'searchCustomers',
    'a search by email answers a page holding the customer',
  ),
  listCustomers: operationCheck('listCustomers', "the customer is in its partner's list"),
  suspendCustomer: operationCheck('suspendCustomer', 'suspending answers the documented success'),
  approveCustomer: operationCheck('approveCustomer', 'approving answers the documented success'),
  deleteCustomerByReference: operationCheck(
    'deleteCustomerByReference',
    'the customer named in the body is deleted, and is gone afterwards',
  ),
  deleteCustomer: operationCheck(
    'deleteCustomer',
    'the customer is deleted, and is gone afterwards',
  ),
  listCustomerTransactions: operationCheck(
    'listCustomerTransactions',
    "the customer's transactions are a page that fits the spec, each naming the customer",
  ),
  topLevelUpdate: {
    id: 'update-top-level',
    operation: 'updateCustomer',
    evidence: {
      notInSpec: 'vendor-client',
      because: "Partnero's n8n node and the Python SDK send the changes without `update`",
    },
    checks:
      'PUT /v1/customers/{key} with the changes at the top level: applied, or refused as the spec documents; never a 200 that drops them',
  },
  fetchByBody: {
    id: 'seed-fetch-by-body',
    operation: 'listCustomers',
    // The original page's "Fetch a customer": the list's `seed` evidence, whose note says so.
    evidence: { at: [] },
    checks:
      'GET /v1/customers with the original page\'s `{"key"}` body: whether it answers that customer, a list or an error; each must fit the spec',
  },
  createWebhook: operationCheck(
    'createWebhook',
    'an inactive webhook to a URL nowhere reachable is created and returned, with its secret',
  ),
  getWebhook: operationCheck('getWebhook', 'the webhook is returned by its key'),
  listWebhooks: operationCheck('listWebhooks', 'the webhook is in the list'),
  updateWebhook: operationCheck('updateWebhook', 'a new name is saved and returned'),
  deleteWebhook: operationCheck('deleteWebhook', 'the webhook is deleted, and is gone afterwards'),
  searchMatching: {
    id: 'search-matching',
    operation: 'searchCustomers',
    evidence: { at: [parameterPointer('searchCustomers', 'email')] },
    checks:
      'whether search matches an email exactly or loosely (the spec leaves it open); the page must hold the exact match',
  },
  searchNoMatch: {
    id: 'search-no-match',
    operation: 'searchCustomers',
    checks: 'a search that matches nobody answers 200 with an empty page',
  },
  takenKey: {
    id: 'create-taken-key',
    operation: 'createCustomer',
    evidence: takenKeyEvidence(),
    checks: 'creating a customer whose key is taken answers 422, naming `key` in `errors`',
  },
  emailInPath: {
    id: 'get-email-in-path',
    operation: 'getCustomer',
    evidence: {
      notInSpec: 'vendor-client',
      because: "Partnero's n8n node puts a key, ID or email in the path",
    },
    checks: 'GET /v1/customers/{email}: the path takes a key, so an email finds nobody (404)',
  },
  suspendSuspended: {
    id: 'suspend-suspended',
    operation: 'suspendCustomer',
    evidence: {
      notInSpec: 'assumed',
      because: "only the spec's description says so; Partnero does not document it",
    },
    checks: 'suspending a customer that is already suspended succeeds (the spec assumes so)',
  },
  deletedInList: {
    id: 'list-deleted-customers',
    operation: 'listCustomers',
    // `deleted` is on the original page, but whether the list keeps deleted customers is not.
    evidence: {
      notInSpec: 'assumed',
      because: 'Partnero does not document whether the list returns deleted customers',
    },
    checks:
      'whether a deleted customer is still listed (the spec leaves it open); if it is, it must say `deleted: true`',
  },
} satisfies Record<string, Check>;

export interface FilterForm {
  name: string;
  kind: 'key' | 'email';
  /** Where the request carries it: the query (default) or a JSON body on the GET. */
  in?: 'query' | 'body';
  /** Where the form was seen, for forms the spec does not describe. */
  notInSpec?: EvidenceSource;
}

const sentBy = (client: string, how = 'sends it'): EvidenceSource => ({
  notInSpec: 'vendor-client',
  because: `Partnero's ${client} ${how}`,
});

/** Partner-filter forms: the spec's own, and those Partnero's own clients send. */
const FILTER_FORMS: FilterForm[] = [
  { name: 'partner.key', kind: 'key' },
  { name: 'partner.email', kind: 'email' },
  // No client sends it any more: PHP's bracket spelling, which the PHP SDK sent in one commit.
  {
    name: 'partner[key]',
    kind: 'key',
    notInSpec: {
      notInSpec: 'assumed',
      because: "PHP's bracket spelling of partner.key; the PHP SDK sent it in one commit only",
    },
  },
  { name: 'partner_key', kind: 'key', notInSpec: sentBy('n8n node') },
  { name: 'partner_email', kind: 'email', notInSpec: sentBy('n8n node') },
  {
    name: 'partner[email]',
    kind: 'email',
    notInSpec: { notInSpec: 'assumed', because: 'it is the email form of partner[key]' },
  },
  // What the PHP SDK really sends: the filters as a JSON body on the GET.
  {
    name: 'partner.key',
    kind: 'key',
    in: 'body',
    notInSpec: sentBy('PHP SDK', 'sends the filter as a JSON body on the GET'),
  },
  {
    name: 'partner.email',
    kind: 'email',
    in: 'body',
    notInSpec: sentBy('PHP SDK', 'sends the filter as a JSON body on the GET'),
  },
];

/** One item per form; whether a form is the spec's own is read from the list's parameters. */
export const FILTER_CHECKS = FILTER_FORMS.map((form) => {
  const inBody = form.in === 'body';
  const pointer = inBody ? undefined : parameterPointer('listCustomers', form.name);
  const inSpec = pointer !== undefined;
  const check: Check = {
    id: `${inBody ? 'list-filter-body' : 'list-filter'}:${form.name}`,
    operation: 'listCustomers',
    evidence: inSpec ? { at: [pointer] } : form.notInSpec,
    checks: inSpec
      ? `\`${form.name}\` (in the spec) filters the list: an unknown partner's list is empty`
      : inBody
        ? `\`${form.name}\` in a JSON body on GET (not in the spec): whether it filters or is ignored; the answer must fit the spec`
        : `\`${form.name}\` (not in the spec): whether it filters or is ignored; the answer must fit the spec`,
  };
  return { form, inSpec, check };
});

export const ALL_CHECKS: Check[] = [
  ...Object.values(CHECKS),
  ...FILTER_CHECKS.map(({ check }) => check),
];
