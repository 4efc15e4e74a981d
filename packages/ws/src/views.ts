// What the book and balances views need from the client that runs them.
import type { KrakenFuturesError } from "@kraken-futures/auth";
import type { Logger, Timers, WsClientEvents } from "./types.js";

/** The client, as the views see it. */
export interface ViewHost {
  readonly timers: Timers;
  readonly log: Logger;
  /** See `WsClientOptions.snapshotTimeoutMs`. */
  readonly snapshotTimeoutMs: number;
  emit<E extends keyof WsClientEvents>(event: E, payload: WsClientEvents[E]): void;
  error(error: KrakenFuturesError): void;
  /**
   * Unsubscribes and subscribes again for a fresh snapshot, on the current connection if it takes
   * requests (the next connection subscribes anyway). The view learns of the new request through its
   * `subscribing` method.
   */
  resubscribe(feed: "book" | "balances", keys: readonly string[]): void;
}
