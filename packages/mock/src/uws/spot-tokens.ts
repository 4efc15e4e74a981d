/**
 * The Unified WebSocket's view of the tokens the Spot REST subset issues (`GetWebSocketsToken`): one
 * store, so a token minted over REST opens `/v2/private`, expires on the same clock, and is held by the
 * connection whose private subscription rests on it.
 */
import type { TokenRefusal, TokenStore } from "../spot/tokens.js";
import type { UwsTokenAuthority } from "./tokens.js";

/**
 * The error string a refused token gets. Kraken documents none for the Unified WebSocket; Spot
 * WebSocket v2 answers a bad token with a permissions error, so every refusal reads the same, as it
 * would to a client that cannot tell why its token is no good (see the mock README, Unified WebSocket).
 */
export const TOKEN_ERRORS: Readonly<Record<TokenRefusal, string>> = {
  missing: "EAccount:Invalid permissions",
  unknown: "EAccount:Invalid permissions",
  expired: "EAccount:Invalid permissions",
  elsewhere: "EAccount:Invalid permissions",
};

/** `store` as the UWS endpoints ask it: by token and connection, with Kraken-style error strings. */
export function spotTokenAuthority(store: TokenStore): UwsTokenAuthority {
  return {
    validate(token, connection) {
      const check = store.validate(token, connection);
      return check.ok ? { account: check.account } : { error: TOKEN_ERRORS[check.reason] };
    },
    hold(token, connection) {
      store.hold(token, connection);
    },
    release(token, connection) {
      store.release(token, connection);
    },
  };
}
