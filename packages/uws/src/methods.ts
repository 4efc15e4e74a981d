/**
 * The trading methods and `ping`: parameters completed (`asset_class`, a generated `cl_ord_id` for each
 * order) and checked against the spec before anything is sent, one frame per call correlated by
 * `req_id`, never resent; every way a call can end is a typed outcome.
 */
import { type Connection, ConnectionError, RequestError } from "@kraken-futures/core";
import { checkObjectArguments, type ObjectRules } from "@kraken-futures/core/object-arguments";
import { UwsNotSentError, UwsOutcomeUnknownError, UwsRequestError, UwsValidationError } from "./errors.js";
import {
  type UwsMethodAcks,
  type UwsMethodName,
  type UwsMethodRequests,
  uwsMethods,
  uwsRequestRules,
} from "./generated/uws.gen.js";
import { ASSET_CLASS, type UwsMessage, type UwsSub } from "./protocol.js";

/** The params of a method as the user gives them: no `token`, and `asset_class` optional (filled in). */
export type UwsMethodParams<M extends UwsMethodName> = UwsMethodRequests[M] extends { params: infer P }
  ? DistributiveOmit<P, "token" | "asset_class"> & { asset_class?: string }
  : Record<string, never>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Per-call options. */
export interface UwsCallOptions {
  /** Time allowed for the answer, in ms. Default the client's `requestTimeoutMs` (10 000). */
  readonly timeoutMs?: number;
}

/** What the caller needs of the client. */
export interface MethodHost {
  /** The connection of the method's server, ready (waits up to `timeoutMs`; throws UwsNotSentError). */
  ready(
    server: "public" | "private",
    method: string,
    timeoutMs: number,
  ): Promise<Connection<UwsMessage, UwsSub, string>>;
  /** The connection of `server` when it is ready now, else undefined. */
  current(server: "public" | "private"): Connection<UwsMessage, UwsSub, string> | undefined;
  /** Called before an order-placing request is sent, with its `cl_ord_id`s (so reconciliation is possible). */
  beforeOrders(clOrdIds: readonly string[]): void;
  /** An order-placing request ended without an answer: its orders must be reconciled. */
  outcomeUnknown(clOrdIds: readonly string[], reason: "lost" | "timeout"): void;
  readonly requestTimeoutMs: number;
  /** A new `cl_ord_id`. */
  newClOrdId(): string;
}

/** The `cl_ord_id`s of an order-placing request, generating the missing ones in place. */
function assignClOrdIds(
  method: UwsMethodName,
  params: Record<string, unknown>,
  next: () => string,
): string[] {
  if (method === "add_order") {
    params.cl_ord_id ??= next();
    return [String(params.cl_ord_id)];
  }
  if (method === "batch_add" && Array.isArray(params.orders)) {
    params.orders = params.orders.map((o: Record<string, unknown>) =>
      o && typeof o === "object" ? { ...o, cl_ord_id: o.cl_ord_id ?? next() } : o,
    );
    return (params.orders as Record<string, unknown>[]).map((o) => String(o?.cl_ord_id));
  }
  return [];
}

/** Tries of a request that was refused by the socket before it left (not ready, dropped first). */
const MAX_UNSENT_ATTEMPTS = 3;

/** The `cl_ord_id`s an amend or cancel names, for the outcome-unknown error. */
function namedClOrdIds(params: Record<string, unknown>): string[] {
  const c = params.cl_ord_id;
  if (typeof c === "string") return [c];
  return Array.isArray(c) ? c.map(String) : [];
}

/**
 * Sends one method call and resolves with its acknowledgement.
 * @throws {UwsValidationError} before sending, for params the spec does not allow.
 * @throws {UwsRequestError} when Kraken refuses it (`error` is Kraken's string).
 * @throws {UwsOutcomeUnknownError} when it was sent and no answer came (dropped or timed out).
 * @throws {UwsNotSentError} when it could not be sent (safe to retry).
 */
export async function callMethod<M extends UwsMethodName>(
  host: MethodHost,
  method: M,
  given: UwsMethodParams<M> | undefined,
  options: UwsCallOptions = {},
): Promise<UwsMethodAcks[M]> {
  const meta = uwsMethods[method];
  const rules = uwsRequestRules.methods[method] as ObjectRules;
  // The token is the client's to add, per socket: one given here is dropped.
  // One copy of the caller's params, ours to complete: asset_class, then a token placeholder (so the
  // spec's "token is required" holds) that the frame builder replaces with the socket's token.
  const { token: _ignored, ...params } = (given ?? {}) as Record<string, unknown>;
  if ("asset_class" in rules.fields && params.asset_class === undefined) params.asset_class = ASSET_CLASS;
  if (meta.token) params.token = "";
  const hasParams = method !== "ping";
  if (hasParams) {
    // Core's argument checker (the one the REST clients use), over the spec's generated object rules.
    const issue = checkObjectArguments(rules, params);
    if (issue) throw new UwsValidationError(method, issue.field, issue.problem);
  }
  const orderIds = assignClOrdIds(method, params, () => host.newClOrdId());
  const timeoutMs = options.timeoutMs ?? host.requestTimeoutMs;
  const server = meta.access === "private" ? "private" : "public";
  if (orderIds.length) host.beforeOrders(orderIds);
  const ids = orderIds.length ? orderIds : namedClOrdIds(params);
  let reqId = 0;
  let answer: UwsMessage | undefined;
  // A request that never left the client (the socket was authenticating, or dropped before the frame
  // was written) is safe to try again on the next ready socket; one that left is never resent.
  for (let attempt = 1; answer === undefined; attempt++) {
    // The hot path: a ready connection is used at once, without a hop through a promise.
    const connection = host.current(server) ?? (await host.ready(server, method, timeoutMs));
    try {
      answer = await connection.request(
        ({ requestId, auth }) => {
          reqId = requestId;
          if (meta.token) params.token = auth;
          return hasParams ? { method, params, req_id: requestId } : { method, req_id: requestId };
        },
        { method, auth: meta.token, timeoutMs },
      );
    } catch (error) {
      const unsent = error instanceof ConnectionError && error.kind === "unsent";
      if (unsent && attempt < MAX_UNSENT_ATTEMPTS) continue;
      throw failure(host, method, error, ids, orderIds.length > 0);
    }
  }
  if (answer.success === false) throw new UwsRequestError(method, String(answer.error ?? "refused"), reqId);
  return answer as unknown as UwsMethodAcks[M];
}

/** The typed outcome of a call that ended without an acknowledgement. */
function failure(
  host: MethodHost,
  method: string,
  error: unknown,
  ids: readonly string[],
  places: boolean,
): unknown {
  const unknown = (reason: "lost" | "timeout") => {
    if (places) host.outcomeUnknown(ids, reason);
    return new UwsOutcomeUnknownError(method, reason, ids, { cause: error });
  };
  if (error instanceof ConnectionError) {
    if (error.kind === "lost") return unknown("lost");
    return new UwsNotSentError(method, error.message, { cause: error });
  }
  if (error instanceof RequestError) return unknown("timeout");
  return error;
}
