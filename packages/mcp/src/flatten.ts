// Turns a schema of the spec into one that every MCP client accepts: no `$ref`, no
// `allOf`/`anyOf`/`oneOf`, no `format` (some clients reject the ones they do not know), no
// `x-` extensions. What those keywords said is kept in the description, so nothing the spec
// tells a caller is lost on the way.
import type { Json, SpecRuntime } from '@partnero-kit/openapi/runtime';

export interface FlattenOptions {
  /**
   * `short` (inputs): the first sentence of each description, and every constraint.
   * `none` (outputs): the shape alone, without descriptions, constraints, enums or
   * `required` (a caller never has to meet them, and `fields` may leave any field out).
   */
  descriptions: 'short' | 'none';
}

const DROPPED = new Set(['examples', 'example', 'format', '$ref', 'allOf', 'anyOf', 'oneOf']);
/** What an output schema keeps: the shape of the data. */
const SHAPE = new Set(['type', 'properties', 'items', 'additionalProperties']);

/** The flattened copy of `schema`; `spec` resolves its `$ref`s. */
export function flatten(spec: SpecRuntime, schema: Json, options: FlattenOptions): Json {
  const merged = inline(spec, schema);
  const out: Json = {};
  for (const [keyword, value] of Object.entries(merged)) {
    if (DROPPED.has(keyword) || keyword.startsWith('x-')) continue;
    if (options.descriptions === 'none' && !SHAPE.has(keyword)) continue;
    if (keyword === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Json>).map(([name, property]) => [
          name,
          flatten(spec, property, options),
        ]),
      );
    } else if (keyword === 'items' || keyword === 'additionalProperties') {
      // The array or map is described where it is a property; its items need no words.
      out[keyword] =
        typeof value === 'object' && value !== null
          ? stripDescription(flatten(spec, value as Json, options))
          : value;
    } else if (keyword !== 'description') {
      out[keyword] = value;
    }
  }
  const description = describe(merged, options);
  return description ? { description, ...out } : out;
}

/**
 * One schema object for `schema`: `$ref`s followed (the referring node's own keywords win),
 * `allOf` merged, and `anyOf`/`oneOf` joined into the union of their branches, with the
 * alternatives recorded in `x-alternatives` for the description.
 */
function inline(spec: SpecRuntime, schema: Json): Json {
  let node = schema;
  if (typeof node.$ref === 'string') {
    const { $ref, ...own } = node;
    node = { ...inline(spec, spec.resolve({ $ref })), ...own };
  }
  if (Array.isArray(node.allOf)) {
    const { allOf, ...own } = node;
    node = (allOf as Json[]).map((branch) => inline(spec, branch)).reduce(merge, own);
  }
  const branches = (node.anyOf ?? node.oneOf) as Json[] | undefined;
  if (Array.isArray(branches)) {
    const { anyOf, oneOf, ...own } = node;
    node = merge(union(branches.map((branch) => inline(spec, branch))), own);
  }
  return node;
}

/** Every keyword of both; properties and `required` combined, `b` winning elsewhere. */
function merge(a: Json, b: Json): Json {
  const out: Json = { ...a, ...b };
  if (a.properties || b.properties)
    out.properties = { ...(a.properties as Json), ...(b.properties as Json) };
  const required = [...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])];
  if (required.length > 0) out.required = [...new Set(required)];
  const alternatives = [a['x-alternatives'], b['x-alternatives']].filter(Boolean);
  if (alternatives.length > 0) out['x-alternatives'] = alternatives.join(' ');
  return out;
}

/**
 * The branches of an `anyOf`/`oneOf` as one schema: every property any branch has, required
 * only what all branches require, and every type any branch allows. When the branches differ
 * in what they require (`key`, or `id`, or `email`), that choice goes to `x-alternatives`.
 */
function union(branches: Json[]): Json {
  const out = branches.reduce<Json>((all, branch) => {
    const { required, type, description, ...rest } = branch;
    const joined = merge(all, rest);
    delete joined.required;
    return joined;
  }, {});
  const types = [
    ...new Set(branches.flatMap((b) => (b.type === undefined ? [] : [b.type].flat()))),
  ];
  if (types.length > 0) out.type = types.length === 1 ? types[0] : types;
  const requiredSets = branches.map((b) => (b.required as string[] | undefined) ?? []);
  const common = requiredSets.reduce((shared, set) => shared.filter((name) => set.includes(name)));
  if (common.length > 0) out.required = common;
  const choices = [...new Set(requiredSets.flat().filter((name) => !common.includes(name)))];
  if (choices.length > 1)
    out['x-alternatives'] = `Give one of ${choices.map((c) => `\`${c}\``).join(', ')}.`;
  const description = branches.find((b) => typeof b.description === 'string')?.description;
  if (description !== undefined) out.description = description;
  return out;
}

function stripDescription({ description, ...rest }: Json): Json {
  return rest;
}

function describe(node: Json, { descriptions }: FlattenOptions): string | undefined {
  if (descriptions === 'none') return undefined;
  const parts = [
    typeof node.description === 'string' ? firstSentence(node.description) : undefined,
    node['x-alternatives'] as string | undefined,
    typeof node.format === 'string' ? `Format: ${node.format}.` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The first sentence of a Markdown paragraph, on one line, without what a colon adds. */
export function firstSentence(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const end = line.search(/[.!?](\s|$)|:\s/);
  return end === -1 ? line : `${line.slice(0, end)}.`;
}
