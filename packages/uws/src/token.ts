/**
 * Where private connections get their token: Kraken's Spot REST `GetWebSocketsToken`, called for every
 * new socket (a token is never reused across reconnects: Kraken's guide says to "obtain a fresh token
 * before reconnecting"), or a provider the user injects.
 */
import { createSpotClient, type SpotClient, type SpotCredentials } from "@kraken-futures/spot";

/** Returns a fresh token each time it is called. */
export type TokenProvider = () => Promise<string>;

/** What {@link spotTokenProvider} needs. */
export interface SpotTokenOptions {
  /** A Kraken (Spot) API key with the "WebSocket interface" permission. */
  readonly credentials: SpotCredentials | { apiKey: string; apiSecret: string };
  /** Where the Spot REST API is. Default `https://api.kraken.com`. */
  readonly spotOrigin?: string;
  /** A Spot client to use instead of creating one (its rate limit then covers ledger recovery too). */
  readonly spot?: SpotClient;
}

/** The Spot client the UWS client uses for tokens and ledger recovery. */
export function spotClientOf(options: SpotTokenOptions): SpotClient {
  return (
    options.spot ??
    createSpotClient({
      credentials: options.credentials,
      ...(options.spotOrigin === undefined ? {} : { origin: options.spotOrigin }),
    })
  );
}

/** A provider that asks `spot.webSocketsToken()` for a new token on every call. */
export function spotTokenProvider(spot: SpotClient): TokenProvider {
  return async () => (await spot.webSocketsToken()).token;
}
