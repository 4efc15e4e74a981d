import type { Logger } from "../clock.js";
import { KrakenFuturesError } from "../errors.js";
import { type Authentication, unlessRefused } from "./authentication.js";
import { SubscriptionError } from "./errors.js";
import type { Protocol } from "./protocol.js";
import type { SocketScope } from "./scope.js";
import { sendSubscribe, sendUnsubscribe } from "./subscription-frames.js";
import type { RegistryEntry, SubscriptionRegistry } from "./subscriptions.js";

/** What the subscription flow needs of its connection. */
export interface SubscriptionFlowDeps<In, Sub, Auth> {
  readonly protocol: Protocol<In, Sub, Auth>;
  readonly registry: SubscriptionRegistry<Sub>;
  readonly auth: Authentication<In, Sub, Auth>;
  readonly log: Logger;
  /** The acknowledgement timeout in ms (the connection's `ackTimeoutMs`, default 10,000). */
  readonly ackTimeoutMs: () => number;
  /** Reports a refusal to the connection's `error` listeners. */
  readonly report: (error: KrakenFuturesError) => void;
}

/**
 * Which subscribe and unsubscribe frames go on a socket, and when: public ones at once, private ones
 * after the socket authenticated. The connection owns the socket's life; this owns what the registry's
 * entries send on it, so a subscription's frames have one home.
 */
export class SubscriptionFlow<In, Sub, Auth> {
  readonly #deps: SubscriptionFlowDeps<In, Sub, Auth>;

  constructor(deps: SubscriptionFlowDeps<In, Sub, Auth>) {
    this.#deps = deps;
  }

  /**
   * Sends what `scope` has not carried yet: public subscriptions now, private ones once authenticated.
   * Returns the wait for the private ones, or `undefined` when there are none.
   */
  flush(scope: SocketScope<In, Sub>): Promise<void> | undefined {
    const { registry, auth } = this.#deps;
    const unsent = (needsAuth: boolean) =>
      [...registry.entries()].filter((e) => e.sentOn !== scope.generation && auth.needsAuth(e) === needsAuth);
    for (const entry of unsent(false)) this.#subscribe(scope, entry, undefined);
    if (unsent(true).length === 0) return undefined;
    return auth
      .forEntries(scope, () => unsent(true))
      .then((outcome) => {
        if (!scope.current || !outcome) return; // refused credentials: the private ones were refused
        for (const entry of unsent(true)) this.#subscribe(scope, entry, outcome.auth);
      });
  }

  /**
   * A new subscription on an open socket. A public one leaves at once, in the order asked for (a flush
   * would wait a microtask). A private one on a `ready` socket authenticates first; during open or
   * authenticating, the connection's restore sends it after authenticating.
   */
  sendNew(scope: SocketScope<In, Sub>, entry: RegistryEntry<Sub>, ready: boolean): void {
    const { auth } = this.#deps;
    if (!auth.needsAuth(entry)) this.#subscribe(scope, entry, undefined);
    else if (ready) {
      // Authenticate (and drop the socket on failure) before the flush, so the flush finds it done.
      // A refusal of the credentials still flushes: the flush refuses the new private subscription.
      void auth
        .ofReady(scope)
        .catch(unlessRefused)
        .then(() => this.flush(scope))
        .catch(() => {});
    }
  }

  /** Unsubscribes and subscribes `key` again on `scope`; see `Connection.resubscribe`. */
  resubscribe(scope: SocketScope<In, Sub> | undefined, key: string): boolean {
    const { registry, auth } = this.#deps;
    const entry = registry.get(key);
    if (!entry || !scope?.opened || entry.sentOn !== scope.generation) return false;
    const again = (value: Auth | undefined) => {
      if (!scope.current || registry.get(key) !== entry) return;
      this.#unsubscribe(scope, entry, value);
      this.#subscribe(scope, entry, value);
    };
    if (!auth.needsAuth(entry)) again(undefined);
    else if (scope.auth) void scope.auth.then((value) => again(value as Auth)).catch(() => {});
    else return false;
    return true;
  }

  /** The last user of `key` let go: settle its wait and unsubscribe where this socket carried it. */
  release(scope: SocketScope<In, Sub> | undefined, key: string): void {
    const { registry, protocol, auth } = this.#deps;
    const entry = registry.release(key);
    if (!entry) return;
    const channel = protocol.channelOf(entry.subscription);
    entry.settle(new SubscriptionError(channel, "unsubscribed before the server acknowledged it"));
    if (!scope?.opened || entry.sentOn !== scope.generation) return;
    if (auth.needsAuth(entry) && scope.auth)
      void scope.auth
        .then((value) => scope.current && this.#unsubscribe(scope, entry, value as Auth))
        .catch(() => {});
    else this.#unsubscribe(scope, entry, undefined);
  }

  #subscribe(scope: SocketScope<In, Sub>, entry: RegistryEntry<Sub>, auth: Auth | undefined): void {
    const { protocol, registry, report } = this.#deps;
    sendSubscribe(protocol, scope, entry, auth, this.#deps.ackTimeoutMs(), {
      acknowledged: (e) => {
        e.status = "active";
        e.settle();
      },
      refused: (e, error) => {
        registry.drop(e, error);
        if (error instanceof KrakenFuturesError) report(error);
      },
    });
  }

  #unsubscribe(scope: SocketScope<In, Sub>, entry: RegistryEntry<Sub>, auth: Auth | undefined): void {
    const { protocol, log } = this.#deps;
    sendUnsubscribe(protocol, scope, entry, auth, this.#deps.ackTimeoutMs(), log);
  }
}
