/**
 * What the UWS side needs of a WebSocket-token store. The store itself (issued by Spot REST
 * `GetWebSocketsToken`, 15 minutes on the mock clock) lives with the Spot REST routes; the UWS side only
 * asks it about the tokens it is sent, so there is one store and one notion of expiry.
 */

/** A token store as the UWS endpoints use it. */
export interface UwsTokenAuthority {
  /** The account a token belongs to, or Kraken's error string for a missing, unknown or expired token. */
  validate(token: string, connection?: unknown): { account: string } | { error: string };
  /** A private subscription of `connection` now holds the token: it no longer expires while held. */
  hold(token: string, connection?: unknown): void;
  /** The subscription (or its connection) ended. */
  release(token: string, connection?: unknown): void;
}

/**
 * The authority used when none is given: it knows no token, so every private request is refused with
 * Kraken's Spot WebSocket error for a bad token. Wire a real store with `startMockExchange({ uws: {
 * tokens } })`.
 */
export const NO_TOKENS: UwsTokenAuthority = {
  validate: () => ({ error: "EAccount:Invalid permissions" }),
  hold: () => {},
  release: () => {},
};
