import { Partnero, ValidationError } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

try {
  const customer = await partnero.customers.create({
    key: 'cus_1001',
    partner: { key: 'partner_ada' },
    email: 'ada@example.com',
    name: 'Ada',
    surname: 'Lovelace',
    tags: ['trial'],
  });
  console.log(`Created ${customer.key}, referred by ${customer.partner}`);
} catch (error) {
  // 422: `errors` lists every rejected field, e.g. a key that is already taken.
  if (error instanceof ValidationError) console.error(error.message, error.errors);
  throw error;
}
