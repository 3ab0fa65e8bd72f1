// The parsers of the commands' flags: numbers checked against their range, and flags made
// from the spec's body fields: `partner.key` becomes `--partner-key`, a list such as `tags`
// becomes a repeatable `--tag`. A field added to the spec becomes a flag of `create` or
// `update` with no change here.
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from './errors.js';
import { type Body, bodyPointer, type Field, parseCell, setPath } from './fields.js';
import { bodyChecker } from './validation.js';

/** A parser for a flag that takes a whole number from 1 to `max`, naming the flag when it is not. */
export const positiveInteger =
  (name: string, max = Number.MAX_SAFE_INTEGER) =>
  (text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    }
    return value;
  };

/** A parser for a port flag: a whole number from 0 (any free port) to 65535. */
export const port = (name: string) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new InvalidArgumentError(`${name} must be a port number from 0 to 65535.`);
  }
  return value;
};

export interface FieldFlag {
  field: Field;
  /** `--partner-key` */
  flag: string;
  /** The key commander stores the value under: `partnerKey`. */
  attribute: string;
}

const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `taken` names flags already used by the command (its argument), which get a `new-` prefix. */
export function fieldFlags(fields: Field[], taken: string[] = []): FieldFlag[] {
  return fields.map((field) => {
    const plain = field.path.replace(/[._]/g, '-').toLowerCase();
    const base = taken.includes(plain) ? `new-${plain}` : plain;
    // One item per flag: `--tag vip --tag trial`.
    const name = field.list && base.endsWith('s') ? base.slice(0, -1) : base;
    return { field, flag: `--${name}`, attribute: camel(name) };
  });
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds one option per field; `clearable` lists also get `--no-<flag>` to send an empty list. */
export function addFieldOptions(
  command: Command,
  flags: FieldFlag[],
  { required = [], clearable = false }: { required?: string[]; clearable?: boolean } = {},
): void {
  for (const { field, flag, attribute } of flags) {
    // Spec descriptions are wrapped prose; help text wraps on its own.
    const label = (field.description ?? field.path).replace(/\s+/g, ' ').trim();
    if (field.list) {
      command.option(`${flag} <${attribute}>`, `${label} (repeat for more)`, collect);
      if (clearable) command.option(`--no-${flag.slice(2)}`, `remove all ${field.path}`);
    } else if (required.includes(field.path)) {
      command.requiredOption(`${flag} <${attribute}>`, label);
    } else {
      command.option(`${flag} <${attribute}>`, label);
    }
  }
}

/** The body the given flags describe: only the flags that were given. */
export function bodyFromFlags(flags: FieldFlag[], values: Record<string, unknown>): Body {
  const body: Body = {};
  for (const { field, attribute } of flags) {
    const value = values[attribute];
    if (value === undefined) continue;
    if (value === false) setPath(body, field.segments, []);
    else if (Array.isArray(value)) {
      setPath(
        body,
        field.segments,
        value.map((item: string) => parseCell({ ...field, list: false }, item)),
      );
    } else setPath(body, field.segments, parseCell(field, String(value)));
  }
  return body;
}

/**
 * The body the given flags describe, checked against the request body of `operationId`
 * before anything is sent; a bad value ends the command naming its field.
 */
export function checkedBody(
  flags: FieldFlag[],
  values: Record<string, unknown>,
  operationId: string,
): Body {
  const body = bodyFromFlags(flags, values);
  const problem = bodyChecker(bodyPointer(operationId))(body);
  if (problem) throw new CliError(problem);
  return body;
}
