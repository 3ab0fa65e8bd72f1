// Puts the code samples into a copy of the spec: TypeScript from samples/<operationId>.ts
// (programs that are typechecked and run against a mock in the tests) and curl derived from
// the operation itself, so that neither can drift from the contract.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Json,
  loadSpec,
  type Operation,
  type Parameter,
  type SpecRuntime,
} from '@partnero-kit/openapi/runtime';

/** A sample as Redoc shows it, from the operation's `x-codeSamples`. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** The environment variable the curl samples read the API key from. */
export const API_KEY_VARIABLE = 'PARTNERO_API_KEY';

export function samplePath(samplesDir: string, operationId: string): string {
  return join(samplesDir, `${operationId}.ts`);
}

function readSample(file: string, missing: string): string {
  if (!existsSync(file)) throw new Error(missing);
  return readFileSync(file, 'utf8').trimEnd();
}

export function typescriptSample(samplesDir: string, operationId: string): string {
  return readSample(
    samplePath(samplesDir, operationId),
    `operation ${operationId} has no TypeScript sample: write samples/${operationId}.ts`,
  );
}

/**
 * The receivers every webhook event shows, from samples/webhooks/: each one verifies a
 * delivery with `verifyWebhook` and handles every event, so all events share them.
 */
export const WEBHOOK_SAMPLES: readonly { file: string; label: string }[] = [
  { file: 'express.ts', label: 'Express' },
  { file: 'next-route.ts', label: 'Next.js' },
  { file: 'hono.ts', label: 'Hono' },
];

export function webhookSamplePath(samplesDir: string, file: string): string {
  return join(samplesDir, 'webhooks', file);
}

/**
 * "Receiving it": the receiver samples as Markdown, appended to each webhook event's
 * description. Redoc 3 shows a webhook's payload in the right panel and no tab for other
 * samples there, so the receivers go in the middle panel.
 */
export function receiverSection(samplesDir: string): string {
  const samples = WEBHOOK_SAMPLES.map(({ file, label }) => {
    const source = readSample(
      webhookSamplePath(samplesDir, file),
      `the webhook receiver sample samples/webhooks/${file} is missing`,
    );
    return `**${label}**\n\n\`\`\`typescript\n${source}\n\`\`\``;
  });
  return [
    '**Receiving it.** Verify each delivery with `verifyWebhook` from `@partnero-kit/client`, on the raw body, before acting on it:',
    ...samples,
  ].join('\n\n');
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function exampleOf(spec: SpecRuntime, parameter: Parameter): string | undefined {
  const { example } = spec.resolve<{ example?: unknown }>(parameter.pointer);
  return example === undefined ? undefined : String(example);
}

/** The first server of the spec, without a trailing slash. */
export function serverOf(spec: SpecRuntime): string {
  const servers = spec.document.servers as { url: string }[] | undefined;
  return (servers?.[0]?.url ?? '').replace(/\/+$/, '');
}

/** The samples an operation carries, once `withCodeSamples` has added them. */
export function codeSamplesOf(operation: Operation): CodeSample[] {
  return (operation.extensions['x-codeSamples'] as CodeSample[] | undefined) ?? [];
}

/**
 * A curl command for the operation: path parameters filled with their examples, the
 * required query parameters (or, when none is required, the first one with an example),
 * and the first example body.
 */
export function curlSample(spec: SpecRuntime, operation: Operation): string {
  let path = operation.path;
  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    const value = exampleOf(spec, parameter);
    if (value === undefined) {
      throw new Error(`${operation.id}: path parameter ${parameter.name} needs an example`);
    }
    path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
  }

  const query = operation.parameters.flatMap((parameter) => {
    const value = parameter.in === 'query' ? exampleOf(spec, parameter) : undefined;
    return value === undefined ? [] : [{ ...parameter, value }];
  });
  const required = query.filter((p) => p.required);
  const chosen = required.length > 0 ? required : query.slice(0, 1);
  const search = new URLSearchParams(chosen.map((p) => [p.name, p.value])).toString();

  const lines = [`curl ${shellQuote(`${serverOf(spec)}${path}${search ? `?${search}` : ''}`)}`];
  if (operation.method !== 'GET') lines.push(`--request ${operation.method}`);
  lines.push(`--header "Authorization: Bearer $${API_KEY_VARIABLE}"`);
  lines.push(`--header 'Accept: application/json'`);
  const body = operation.requestBody?.examples[0];
  if (body !== undefined) {
    lines.push(`--header 'Content-Type: application/json'`);
    lines.push(`--data ${shellQuote(JSON.stringify(body, null, 2))}`);
  }
  return lines.join(' \\\n  ');
}

/**
 * A copy of the spec where every operation carries a TypeScript and a curl sample, and every
 * webhook event's description ends with the receiver samples. Throws, naming the operation,
 * when a TypeScript sample is missing.
 */
export function withCodeSamples(document: Json, samplesDir: string): Json {
  const copy = structuredClone(document);
  const spec = loadSpec(copy);
  for (const operation of spec.operations.values()) {
    const samples: CodeSample[] = [
      {
        lang: 'TypeScript',
        label: 'TypeScript',
        source: typescriptSample(samplesDir, operation.id),
      },
      { lang: 'curl', label: 'curl', source: curlSample(spec, operation) },
    ];
    spec.resolve<Json>(operation.pointer)['x-codeSamples'] = samples;
  }
  const receivers = spec.webhooks.size > 0 ? receiverSection(samplesDir) : '';
  for (const { operation } of spec.webhooks.values()) {
    const node = spec.resolve<Json>(operation.pointer);
    node.description = [node.description, receivers]
      .filter((part) => typeof part === 'string' && part.trim() !== '')
      .map((part) => String(part).trim())
      .join('\n\n');
  }
  return copy;
}
