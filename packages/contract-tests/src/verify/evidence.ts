// Where the spec says a checked behaviour comes from: the `x-evidence` of the spec part that
// describes it. A behaviour no part of the spec describes (a request form only Partnero's
// clients send, suspending twice) has no `x-evidence` to read; its check says where it was
// seen instead (shared/partnero-api-notes.md §7).
import { spec } from '../spec.js';

export type EvidenceSource =
  /** JSON pointers tried in order; the first part with `x-evidence` decides, else the operation. */
  | { at: (string | undefined)[] }
  /** A behaviour no part of the spec describes, so there is no `x-evidence` to read. */
  | { notInSpec: 'vendor-client' | 'assumed'; because: string };

/** The evidence of a behaviour of an operation; `none` when the spec states none. */
export function evidenceOf(operationId: string, source: EvidenceSource = { at: [] }): string {
  if ('notInSpec' in source) return source.notInSpec;
  for (const pointer of source.at) {
    if (pointer === undefined) continue;
    const node = spec.resolve<Record<string, unknown> | undefined>(`#${pointer}`);
    if (typeof node?.['x-evidence'] === 'string') return node['x-evidence'];
  }
  const own = spec.operation(operationId).extensions['x-evidence'];
  return typeof own === 'string' ? own : 'none';
}

/** The pointer of one of an operation's parameters, for `evidenceOf`. */
export function parameterPointer(operationId: string, name: string): string | undefined {
  return spec.operation(operationId).parameters.find((parameter) => parameter.name === name)
    ?.pointer;
}
