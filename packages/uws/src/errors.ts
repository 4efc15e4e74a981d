import { KrakenFuturesError, nameErrorClasses } from "@kraken-futures/core";

/** A request was refused by the client before anything was sent: it breaks a rule of the spec. */
export class UwsValidationError extends KrakenFuturesError {
  /** The method, or `subscribe <channel>`. */
  readonly method: string;
  /** The JSON path of the offending field, for example `params.orders`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly problem: string;
  constructor(method: string, field: string, problem: string) {
    super(`${method}: ${field} ${problem} (not sent)`);
    this.method = method;
    this.field = field;
    this.problem = problem;
  }
}

/** Kraken refused a request: `success: false` in its acknowledgement. */
export class UwsRequestError extends KrakenFuturesError {
  readonly method: string;
  /** Kraken's error string, verbatim (for example `EOrder:Insufficient margin`). */
  readonly error: string;
  /** The `req_id` the request was sent with. */
  readonly reqId: number;
  constructor(method: string, error: string, reqId: number) {
    super(`${method} refused: ${error}`);
    this.method = method;
    this.error = error;
    this.reqId = reqId;
  }
}

/**
 * A request was sent and its answer never came: the connection dropped (`reason: "lost"`) or the
 * answer did not arrive within the timeout (`reason: "timeout"`). Kraken may or may not have acted on it.
 * It is never resent. For orders, `clOrdId` (and `clOrdIds` for a batch) name what to reconcile:
 * `client.reconcile(clOrdId)` tells whether the order exists, from the `executions` snapshot.
 */
export class UwsOutcomeUnknownError extends KrakenFuturesError {
  readonly method: string;
  readonly reason: "lost" | "timeout";
  /** The `cl_ord_id` of the order concerned (the first of a batch), when the request names one. */
  readonly clOrdId: string | undefined;
  /** Every `cl_ord_id` of the request (one for `add_order`, each order's for `batch_add`). */
  readonly clOrdIds: readonly string[];
  constructor(
    method: string,
    reason: "lost" | "timeout",
    clOrdIds: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    const which = clOrdIds.length ? ` (cl_ord_id ${clOrdIds.join(", ")})` : "";
    const why = reason === "lost" ? "the connection dropped before its answer" : "no answer in time";
    super(`${method}${which}: ${why}; outcome unknown, not resent`, options);
    this.method = method;
    this.reason = reason;
    this.clOrdIds = clOrdIds;
    this.clOrdId = clOrdIds[0];
  }
}

/** A request was not sent (the connection closed, or dropped before the frame left): safe to retry. */
export class UwsNotSentError extends KrakenFuturesError {
  readonly method: string;
  constructor(method: string, why: string, options: { cause?: unknown } = {}) {
    super(`${method}: not sent, ${why}`, options);
    this.method = method;
  }
}

nameErrorClasses({ UwsValidationError, UwsRequestError, UwsOutcomeUnknownError, UwsNotSentError });
