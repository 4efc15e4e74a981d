import type { KrakenFuturesError } from "../errors.js";
import { type ConnectionError, SubscriptionError } from "./errors.js";
import type { Protocol } from "./protocol.js";
import type { SocketScope } from "./scope.js";
import { asConnectionError } from "./socket.js";
import type { StateMachine } from "./states.js";
import type { RegistryEntry, SubscriptionRegistry } from "./subscriptions.js";

/** What authentication needs from its connection. */
export interface AuthenticationDeps<Sub> {
  readonly machine: StateMachine;
  readonly registry: SubscriptionRegistry<Sub>;
  report(error: KrakenFuturesError): void;
  /** Ends the socket of `scope` (it reconnects). */
  end(scope: SocketScope<unknown, Sub>, error: ConnectionError): void;
}

/**
 * The protocol's authentication, once per socket and never reused on another one. Two ways to fail:
 * a `SubscriptionError` from `authenticate` means the server refused the credentials (v1: an `error`
 * answering the challenge). Retrying cannot help, so the private subscriptions are refused with that reason
 * and the socket goes on with the public ones. Any other failure (no answer in time, a dropped socket) ends
 * the socket, and the next one authenticates afresh.
 */
export class Authentication<In, Sub, Auth> {
  readonly #protocol: Protocol<In, Sub, Auth>;
  readonly #deps: AuthenticationDeps<Sub>;

  constructor(protocol: Protocol<In, Sub, Auth>, deps: AuthenticationDeps<Sub>) {
    this.#protocol = protocol;
    this.#deps = deps;
  }

  needsAuth(entry: RegistryEntry<Sub>): boolean {
    return this.#protocol.needsAuth?.(entry.subscription) ?? false;
  }

  /** The authentication of `scope`, started on first use (moving `open`/`ready` to `authenticating`). */
  of(scope: SocketScope<In, Sub>): Promise<Auth | undefined> {
    const authenticate = this.#protocol.authenticate;
    if (!authenticate) return Promise.resolve(undefined);
    if (!scope.auth) {
      const state = this.#deps.machine.state;
      if (state === "open" || state === "ready") this.#deps.machine.move("authenticating");
      const auth = authenticate.call(this.#protocol, scope);
      scope.auth = auth;
      // Remembered once settled, so a request on an authenticated socket is framed in the same call.
      auth.then(
        (value) => {
          scope.authed = { value };
        },
        () => {},
      );
    }
    return scope.auth as Promise<Auth>;
  }

  /**
   * Authenticates a ready socket (ready -> authenticating -> ready). A refusal rejects with its
   * `SubscriptionError` and keeps the socket; any other failure drops it.
   */
  async ofReady(scope: SocketScope<In, Sub>): Promise<Auth | undefined> {
    try {
      const auth = await this.of(scope);
      this.#backToReady(scope);
      return auth;
    } catch (error) {
      if (error instanceof SubscriptionError) {
        this.#backToReady(scope);
        throw error;
      }
      const failure = asConnectionError(error, "auth", "authentication failed");
      if (scope.current) {
        this.#deps.report(failure);
        this.#deps.end(scope as SocketScope<unknown, Sub>, failure);
      }
      throw failure;
    }
  }

  /**
   * The authentication of `scope` for these private subscriptions: `undefined` when the credentials were
   * refused, after refusing each of them with the server's reason (each with its own channel).
   */
  async forEntries(
    scope: SocketScope<In, Sub>,
    entries: () => readonly RegistryEntry<Sub>[],
  ): Promise<{ auth: Auth | undefined } | undefined> {
    try {
      return { auth: await this.of(scope) };
    } catch (error) {
      if (!(error instanceof SubscriptionError) || !scope.current) throw error;
      for (const entry of entries()) {
        const refusal = new SubscriptionError(this.#protocol.channelOf(entry.subscription), error.reason);
        this.#deps.registry.drop(entry, refusal);
        this.#deps.report(refusal);
      }
      return undefined;
    }
  }

  #backToReady(scope: SocketScope<In, Sub>): void {
    if (scope.current && this.#deps.machine.state === "authenticating") this.#deps.machine.move("ready");
  }
}

/** Lets a refusal of the credentials through (it was handled: the subscriptions were refused). */
export function unlessRefused(error: unknown): void {
  if (!(error instanceof SubscriptionError)) throw error;
}
