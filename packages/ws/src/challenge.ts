// The v1 challenge: private feeds are subscribed with a challenge the server sends on request, signed
// with the API secret. A challenge belongs to one connection.
import { type Credentials, signChallenge } from "@kraken-futures/auth";
import { WsConnectionError } from "./errors.js";
import type { AuthFields, Link } from "./link.js";
import type { Timers } from "./types.js";

/** What a challenge needs from the client. */
export interface ChallengeDeps {
  readonly credentials: Credentials;
  readonly timers: Timers;
  readonly timeoutMs: number;
  /** Queues a request on the link. */
  send(request: object): void;
  /** The challenge was requested: the client moves to `authenticating`. */
  started(): void;
}

/**
 * The signed challenge of `link`, requested once per connection and never reused on another one (reusing
 * one is why other clients' private feeds fail after a reconnect). A refused challenge rejects with a
 * WsSubscriptionError (see the client's answer routing); no challenge in time with a WsConnectionError.
 */
export function authenticate(link: Link, deps: ChallengeDeps): Promise<AuthFields | undefined> {
  link.auth ??= (async () => {
    deps.started();
    const challenge = await new Promise<string>((resolve, reject) => {
      const settle = () => {
        deps.timers.clearTimeout(link.authTimer);
        link.authTimer = undefined;
        link.challenge = undefined;
      };
      link.authTimer = deps.timers.setTimeout(() => {
        settle();
        reject(new WsConnectionError("the server sent no challenge in time"));
      }, deps.timeoutMs);
      link.challenge = {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      link.requests.sent({ kind: "challenge" });
      deps.send({ event: "challenge", api_key: deps.credentials.apiKey });
    });
    const signed = await signChallenge(challenge, deps.credentials);
    return { api_key: deps.credentials.apiKey, original_challenge: challenge, signed_challenge: signed };
  })();
  return link.auth;
}
