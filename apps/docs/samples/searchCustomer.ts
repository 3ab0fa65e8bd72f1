import { NotFoundError, Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

try {
  const customer = await partnero.customers.retrieve({ email: 'ada@example.com' });
  console.log(`${customer.email} is customer ${customer.key}`);
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log('No customer has this email address');
}
