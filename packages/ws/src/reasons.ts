// The core connection's errors in the v1 client's words: its reconnect reasons and its error classes.
import { KrakenFuturesError } from "@kraken-futures/auth";
import { ConnectionError, SubscriptionError } from "@kraken-futures/core";
import { WsConnectionError, WsSubscriptionError } from "./errors.js";

/**
 * Why a socket ended, as the `reconnecting` event's `reason` has always read: a connection that never
 * opened (refused, or an upgrade answered with an HTTP status) apart from one that was lost (1006), refused
 * a frame over `maxPayload` (1009) or was closed by the server with a code.
 */
export function reasonOf(error: ConnectionError, maxPayload: number): string {
  const { kind, code, detail } = error;
  switch (kind) {
    case "silence":
      return "silence";
    case "timeout":
      return "connect timeout";
    case "auth":
      return "authentication failed";
    case "refused":
      return `could not connect: ${detail ?? "the connection was refused or reset"}`;
    case "upgrade-refused":
      return `the upgrade was answered with HTTP ${error.status}`;
    case "closed":
      // `ws` reports a frame above its maxPayload as an error, then closes with 1009 (or 1006).
      if (code === 1009 || (detail !== undefined && /max payload/i.test(detail)))
        return `a frame exceeded maxPayload (${maxPayload} bytes) (code 1009)`;
      if (code === 1006 || code === undefined)
        return `connection lost without a close frame (code ${code ?? "?"})`;
      return error.message;
    default:
      return error.message;
  }
}

/** A core error as the v1 client's own class (`WsSubscriptionError`, `WsConnectionError`); others as they are. */
export function wsError(error: unknown): KrakenFuturesError {
  if (error instanceof SubscriptionError) {
    return new WsSubscriptionError(
      `subscribe ${error.channel} refused: ${error.reason}`,
      error.channel,
      error.reason,
    );
  }
  if (error instanceof ConnectionError) return new WsConnectionError(error.message, { cause: error });
  if (error instanceof KrakenFuturesError) return error;
  return new WsConnectionError(String(error), { cause: error });
}
