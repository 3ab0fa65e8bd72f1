// Every request the client makes is described by an `ApiRequest` typed against the
// generated `paths`: the path template, its path and query parameters, the body and the
// answer all come from the spec. A spec change that renames a path, drops a parameter or
// reshapes a body therefore fails the client's typecheck, naming what no longer exists.
// The URL is built by openapi-fetch's own serializers, as `partnero.raw` builds it.
import type { paths } from '@partnero-kit/types';
import {
  type Client,
  type ClientPathsWithMethod,
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  type FetchResponse,
  type ParamsOption,
  type RequestBodyOption,
} from 'openapi-fetch';

/** The HTTP methods the API uses. */
export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** The path templates of `paths` that answer `method`, e.g. `'/v1/customers/{key}'` for GET. */
export type PathOf<M extends Method> = ClientPathsWithMethod<Client<paths>, Lowercase<M>>;

/** The generated operation behind `method` on `path`. */
type OperationOf<M extends Method, P extends PathOf<M>> = Extract<
  paths[P][Lowercase<M>],
  Record<string, unknown>
>;

/** The parsed JSON body of a successful answer, as the spec describes it. */
export type AnswerOf<M extends Method, P extends PathOf<M>> = NonNullable<
  FetchResponse<OperationOf<M, P>, object, 'application/json'>['data']
>;

/** What a method resolves to by default: the envelope's `data`, or nothing when it has none. */
export type DataOf<Answer> = Answer extends { data: infer Data } ? Data : undefined;

/**
 * One request, by name: `method` and `path` (a template of the spec), `params` (`path` and
 * `query`) and `body` as the spec types them, and what to make of the answer (`unwrap`, by
 * default the envelope's `data`; it calls `fail` with what the answer lacks).
 */
export type ApiRequest<M extends Method, P extends PathOf<M>, T> = {
  method: M;
  path: P;
  /** Turns the parsed answer into the result; default: its `data`, which must be there. */
  unwrap?: (answer: AnswerOf<M, P>, fail: (missing: string) => never) => T;
} & ParamsOption<OperationOf<M, P>> &
  RequestBodyOption<OperationOf<M, P>>;

/**
 * The POST operations that are safe to repeat: suspending or approving twice leaves the
 * customer as once. Every other POST creates something, so repeating it could create it
 * twice; every other method is idempotent by HTTP's rules. One table for resource methods
 * and `partnero.raw` alike; a new POST is unsafe until it is listed here.
 */
const REPEATABLE_POSTS: ReadonlySet<PathOf<'POST'>> = new Set<PathOf<'POST'>>([
  '/v1/customers/{key}/suspend',
  '/v1/customers/{key}/approve',
]);

/** Whether repeating `method` on `path` (a template; `undefined` when unknown) cannot do anything twice. */
export function isIdempotent(method: string, path: string | undefined): boolean {
  return method !== 'POST' || REPEATABLE_POSTS.has(path as PathOf<'POST'>);
}

const querySerializer = createQuerySerializer();

/**
 * The full URL of `path` under `baseUrl` with its path parameters filled in (URL-encoded)
 * and its query parameters appended (those that are `undefined` left out).
 */
export function urlOf(
  baseUrl: string,
  path: string,
  params: { path?: Record<string, unknown>; query?: Record<string, unknown> } = {},
): string {
  return createFinalURL(path, {
    baseUrl,
    params,
    querySerializer,
    pathSerializer: defaultPathSerializer,
  });
}
