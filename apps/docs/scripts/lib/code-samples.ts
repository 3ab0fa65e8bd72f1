// Puts the code samples into a copy of the spec: TypeScript from samples/<operationId>.ts
// (programs that are typechecked and run against a mock in the tests) and curl derived from
// the operation itself, so that neither can drift from the contract.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CodeSample,
  type ExampleObject,
  listOperations,
  type OpenApiDocument,
  type OperationEntry,
  type Parameter,
  resolve,
} from './openapi.ts';

/** The environment variable the curl samples read the API key from. */
export const API_KEY_VARIABLE = 'PARTNERO_API_KEY';

export function samplePath(samplesDir: string, operationId: string): string {
  return join(samplesDir, `${operationId}.ts`);
}

export function typescriptSample(samplesDir: string, operationId: string): string {
  const file = samplePath(samplesDir, operationId);
  if (!existsSync(file)) {
    throw new Error(
      `operation ${operationId} has no TypeScript sample: write samples/${operationId}.ts`,
    );
  }
  return readFileSync(file, 'utf8').trimEnd();
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function exampleOf(parameter: Parameter): string | undefined {
  return parameter.example === undefined ? undefined : String(parameter.example);
}

/** The first example body of the operation, if it takes one. */
function exampleBody(spec: OpenApiDocument, entry: OperationEntry): unknown {
  if (!entry.operation.requestBody) return undefined;
  const json = resolve(spec, entry.operation.requestBody).content?.['application/json'];
  if (!json) return undefined;
  if (json.example !== undefined) return json.example;
  const first = Object.values(json.examples ?? {})[0];
  return first === undefined ? undefined : resolve<ExampleObject>(spec, first).value;
}

/**
 * A curl command for the operation: path parameters filled with their examples, the
 * required query parameters (or, when none is required, the first one with an example),
 * and the first example body.
 */
export function curlSample(spec: OpenApiDocument, entry: OperationEntry): string {
  const server = (spec.servers?.[0]?.url ?? '').replace(/\/+$/, '');
  const parameters = [
    ...(entry.pathItem.parameters ?? []),
    ...(entry.operation.parameters ?? []),
  ].map((parameter) => resolve<Parameter>(spec, parameter));

  let path = entry.path;
  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    const value = exampleOf(parameter);
    if (value === undefined) {
      throw new Error(`${entry.operationId}: path parameter ${parameter.name} needs an example`);
    }
    path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
  }

  const query = parameters.filter((p) => p.in === 'query' && exampleOf(p) !== undefined);
  const required = query.filter((p) => p.required);
  const chosen = required.length > 0 ? required : query.slice(0, 1);
  const search = new URLSearchParams(chosen.map((p) => [p.name, exampleOf(p) ?? ''])).toString();

  const lines = [`curl ${shellQuote(`${server}${path}${search ? `?${search}` : ''}`)}`];
  if (entry.method !== 'get') lines.push(`--request ${entry.method.toUpperCase()}`);
  lines.push(`--header "Authorization: Bearer $${API_KEY_VARIABLE}"`);
  lines.push(`--header 'Accept: application/json'`);
  const body = exampleBody(spec, entry);
  if (body !== undefined) {
    lines.push(`--header 'Content-Type: application/json'`);
    lines.push(`--data ${shellQuote(JSON.stringify(body, null, 2))}`);
  }
  return lines.join(' \\\n  ');
}

/**
 * A copy of the spec where every operation carries a TypeScript and a curl sample. Throws,
 * naming the operation, when a TypeScript sample is missing.
 */
export function withCodeSamples(spec: OpenApiDocument, samplesDir: string): OpenApiDocument {
  const copy = structuredClone(spec);
  for (const entry of listOperations(copy)) {
    const samples: CodeSample[] = [
      {
        lang: 'TypeScript',
        label: 'TypeScript',
        source: typescriptSample(samplesDir, entry.operationId),
      },
      { lang: 'curl', label: 'curl', source: curlSample(copy, entry) },
    ];
    entry.operation['x-codeSamples'] = samples;
  }
  return copy;
}
