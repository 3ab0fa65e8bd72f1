import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// One page of up to 50 customers, optionally filtered by partner.
const page = await partnero.customers.list({ limit: 50, 'partner.key': 'partner_ada' });
for (const customer of page.data) {
  console.log(customer.key, customer.email);
}
if (page.hasNextPage()) {
  const next = await page.getNextPage();
  console.log(`The next page holds ${next.data.length} more`);
}

// Or let the client walk every page for you:
// for await (const customer of partnero.customers.list({ limit: 250 })) { ... }
