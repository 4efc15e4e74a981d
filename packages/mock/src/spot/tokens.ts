/**
 * The WebSocket tokens `GetWebSocketsToken` issues, for the Unified WebSocket's private endpoint to
 * check. As Kraken documents them: a token "should be used within 15 minutes of creation, but it does
 * not expire once a successful Websockets connection and private subscription has been made and is
 * maintained", and a client obtains "a fresh token on each connection". Time is the mock's clock, so a
 * test moves past the 15 minutes by advancing it.
 *
 * The mock's reading of "one token per connection": the first connection that holds a token (a private
 * subscription made with it) owns it; another connection presenting it is refused (`elsewhere`) while it
 * is held. When its last subscription ends, a token lives on only until its 15 minutes are up.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../engine/clock.js";

/** Documented lifetime of an unused token: 900 s (`expires: 900`). */
export const TOKEN_LIFETIME_MS = 900_000;

/** Why a token is refused: none sent, never issued, past its 15 minutes, or held by another connection. */
export type TokenRefusal = "missing" | "unknown" | "expired" | "elsewhere";

/** What a valid token stands for. */
export interface TokenOwner {
  /** The account it was issued for. */
  readonly account: string;
  /** The Spot API key that asked for it. */
  readonly apiKey: string;
}

/** The outcome of {@link TokenStore.validate}. */
export type TokenCheck =
  | ({ readonly ok: true } & TokenOwner)
  | { readonly ok: false; readonly reason: TokenRefusal };

interface Grant extends TokenOwner {
  readonly expiresAt: number;
  /** The connection holding it, and how many of its subscriptions do. */
  holder?: unknown;
  holds: number;
}

/** Options of {@link TokenStore}. */
export interface TokenStoreOptions {
  /** Lifetime of an unheld token in ms. Default {@link TOKEN_LIFETIME_MS} (15 minutes). */
  readonly lifetimeMs?: number;
  /** Source of a token's 32 random bytes. Default `node:crypto` `randomBytes`. */
  readonly random?: (size: number) => Buffer;
}

/** Issued tokens, bound to their account, expiring on the mock's clock unless held. */
export class TokenStore {
  readonly #grants = new Map<string, Grant>();
  readonly #clock: Clock;
  readonly #lifetimeMs: number;
  readonly #random: (size: number) => Buffer;

  constructor(clock: Clock, options: TokenStoreOptions = {}) {
    this.#clock = clock;
    this.#lifetimeMs = options.lifetimeMs ?? TOKEN_LIFETIME_MS;
    this.#random = options.random ?? randomBytes;
  }

  /** Seconds an unused token lives (what `expires` says). */
  get lifetimeSeconds(): number {
    return Math.floor(this.#lifetimeMs / 1000);
  }

  /** Issues a new token for `owner`; returns it with its `expires` in seconds. */
  issue(owner: TokenOwner): { token: string; expires: number } {
    this.#sweep();
    let token: string;
    // 32 random bytes, base64 without padding: 43 characters, the length of Kraken's example token.
    do token = this.#random(32).toString("base64").replace(/=+$/, "");
    while (this.#grants.has(token));
    const { account, apiKey } = owner;
    this.#grants.set(token, { account, apiKey, expiresAt: this.#clock.now() + this.#lifetimeMs, holds: 0 });
    return { token, expires: this.lifetimeSeconds };
  }

  /**
   * Checks a token presented by `connection` (any value that identifies it; omit it to check the token
   * alone). A token held by another connection is refused with `elsewhere`.
   */
  validate(token: string | undefined | null, connection?: unknown): TokenCheck {
    if (typeof token !== "string" || token === "") return { ok: false, reason: "missing" };
    const grant = this.#grants.get(token);
    if (!grant) return { ok: false, reason: "unknown" };
    if (grant.holds === 0 && this.#clock.now() >= grant.expiresAt) {
      this.#grants.delete(token);
      return { ok: false, reason: "expired" };
    }
    if (grant.holds > 0 && connection !== undefined && grant.holder !== connection)
      return { ok: false, reason: "elsewhere" };
    return { ok: true, account: grant.account, apiKey: grant.apiKey };
  }

  /**
   * A private subscription of `connection` now rests on the token: it no longer expires while held.
   * Returns the refusal when the token is not valid for that connection (nothing is held then).
   */
  hold(token: string, connection: unknown = token): TokenCheck {
    const check = this.validate(token, connection);
    if (!check.ok) return check;
    const grant = this.#grants.get(token)!;
    grant.holder = connection;
    grant.holds++;
    return check;
  }

  /**
   * One subscription of `connection` on the token ended (call it once per {@link hold}, also when the
   * connection closes). With none left, the token lives until its 15 minutes are up, or is expired now
   * if they are.
   */
  release(token: string, connection: unknown = token): void {
    const grant = this.#grants.get(token);
    if (!grant || grant.holds === 0 || grant.holder !== connection) return;
    grant.holds--;
    if (grant.holds === 0) grant.holder = undefined;
  }

  /** Tokens issued and not yet found expired (held ones included). */
  get size(): number {
    this.#sweep();
    return this.#grants.size;
  }

  #sweep(): void {
    const now = this.#clock.now();
    for (const [token, g] of this.#grants)
      if (g.holds === 0 && now >= g.expiresAt) this.#grants.delete(token);
  }
}
