/**
 * Paging through History: the event endpoints hand out an opaque `continuationToken` with every page
 * but the last; sending it back as `continuation_token` (with the same filters and `sort`) returns the
 * next page. The account log has no token and pages by entry id instead.
 *
 * @see https://docs.kraken.com/api/docs/futures-api/history/
 */
import {
  type ApiClient,
  type CallOptions,
  type OperationInit,
  type SuccessBody,
  UnexpectedResponseError,
} from "@kraken-futures/core/http";
import type { operations, paths } from "./generated/history.gen.js";

type GetOf<P extends keyof paths> = paths[P] extends { get: infer Op } ? Op : never;
type QueryOf<P extends keyof paths> = NonNullable<
  GetOf<P> extends { parameters: { query?: infer Q } } ? Q : never
>;

/** Paths whose GET pages with `continuation_token` (derived from the generated types, not listed). */
export type PageablePath = {
  [P in keyof paths]: "continuation_token" extends keyof QueryOf<P> ? P : never;
}[keyof paths];

/** One page of a pageable path, as a call resolves to it (numeric strings already numbers). */
export type PageOf<P extends PageablePath> = SuccessBody<GetOf<P>>;

/** One element of a page of `P` (an order event, an execution, a position update, …). */
export type ElementOf<P extends PageablePath> = PageOf<P> extends { elements: Array<infer E> } ? E : never;

/** Arguments of the first page of `P`: its `params` and the usual call options (`signal`, …). */
export type PageInit<P extends PageablePath> = OperationInit<GetOf<P>>;

type Init = CallOptions & {
  params?: { query?: Record<string, unknown>; path?: Record<string, unknown> };
};
type LooseGet = (path: string, init: Init) => Promise<{ data: unknown }>;

/**
 * Walks the pages of a History event endpoint, one call per page, from the arguments given (pass a
 * `continuation_token` in `params.query` to resume). Stops after the page that carries no
 * `continuationToken`. Each call is signed, budgeted and retried like any other call of the client.
 * `signal` aborts the call in flight or the wait for budget, and no further page is asked for.
 *
 * @throws {UnexpectedResponseError} if the server hands back the token it was sent, which would loop.
 * @example
 * for await (const page of pages(history, "/v2/orders", { params: { query: { since, sort: "asc" } } })) {
 *   console.log(page.len, page.continuationToken);
 * }
 */
export async function* pages<P extends PageablePath>(
  client: ApiClient<paths>,
  path: P,
  init?: PageInit<P>,
): AsyncGenerator<PageOf<P>, void, undefined> {
  const base = (init ?? {}) as Init;
  const get = client.GET as unknown as LooseGet;
  let token = base.params?.query?.["continuation_token"] as string | undefined;
  for (;;) {
    base.signal?.throwIfAborted();
    const query = { ...base.params?.query, continuation_token: token };
    const { data } = await get(path, { ...base, params: { ...base.params, query } });
    yield data as PageOf<P>;
    const next = (data as { continuationToken?: unknown }).continuationToken;
    if (typeof next !== "string" || next === "") return;
    if (next === token) {
      throw new UnexpectedResponseError(200, "", "the continuationToken did not advance", {
        target: { method: "GET", path, operationId: client.api.operations[`GET ${path}`]?.operationId },
      });
    }
    token = next;
  }
}

/**
 * Like {@link pages}, yielding the elements of each page one by one; break out of the loop to stop
 * (no further page is asked for).
 *
 * @example
 * for await (const event of paginate(history, "/v2/executions", { params: { query: { tradeable: "PF_XBTUSD" } } })) {
 *   console.log(event.event.Execution?.execution.price);
 * }
 */
export async function* paginate<P extends PageablePath>(
  client: ApiClient<paths>,
  path: P,
  init?: PageInit<P>,
): AsyncGenerator<ElementOf<P>, void, undefined> {
  for await (const page of pages(client, path, init)) {
    yield* (page as { elements?: ElementOf<P>[] }).elements ?? [];
  }
}

/** Arguments of {@link accountLogEntries}: the account log's query. */
export type AccountLogQuery = NonNullable<operations["getAccountLog"]["parameters"]["query"]>;

/** One account-log entry. */
export type AccountLogEntry = SuccessBody<operations["getAccountLog"]>["logs"][number];

/**
 * Walks the account log by entry id, since it has no continuation token: newest first by default
 * (`sort: "desc"`, each page asks for ids below the last one seen), oldest first with `sort: "asc"`
 * (ids above it). Other filters (`since`, `before`, `info`, `from`, `to`) apply to every page. Stops
 * at an empty page or when the id range is used up. Every page costs by `count` (default 500: 3 tokens).
 *
 * @example
 * for await (const entry of accountLogEntries(history, { info: ["funding rate change"], count: 1000 })) {
 *   total += entry.realized_funding ?? 0;
 * }
 */
export async function* accountLogEntries(
  client: ApiClient<paths>,
  query: AccountLogQuery = {},
  options: CallOptions = {},
): AsyncGenerator<AccountLogEntry, void, undefined> {
  const ascending = query.sort === "asc";
  let { from, to } = query;
  for (;;) {
    options.signal?.throwIfAborted();
    const { data } = await client.GET("/v3/account-log", {
      ...options,
      params: { query: { ...query, from, to } },
    });
    const logs = data.logs ?? [];
    if (logs.length === 0) return;
    yield* logs;
    const ids = logs.map((entry) => entry.id);
    if (ascending) from = Math.max(...ids) + 1;
    else to = Math.min(...ids) - 1;
    if ((to !== undefined && to < 1) || (from !== undefined && to !== undefined && from > to)) return;
  }
}
