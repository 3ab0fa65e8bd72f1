import { NotFoundError, Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

try {
  const customer = await partnero.customers.retrieve('cus_1001');
  console.log(`${customer.key}: ${customer.name} ${customer.surname} <${customer.email}>`);
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log('No customer has the key cus_1001');
}
