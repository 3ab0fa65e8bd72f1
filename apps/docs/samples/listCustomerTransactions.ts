import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// One page of up to 50 of the customer's transactions; an empty page when it has none.
const page = await partnero.customers.transactions('cus_1001', { limit: 50 });
for (const transaction of page.data) {
  console.log(transaction.key, transaction.action, transaction.amount, transaction.amount_units);
}

// Or walk every page: for await (const transaction of partnero.customers.transactions('cus_1001')) { ... }
