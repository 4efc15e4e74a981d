// Subscription settlement: which request a server answer belongs to, and the promise each subscription
// exposes. Kraken's refusals rarely name the request: `subscribed_failed` names the feed, but `error`
// ("Invalid product id") and `alert` ("Failed to subscribe to authenticated feed") name nothing. The
// server answers a connection's requests in order, so an answer is matched to the oldest outstanding
// request it can belong to.
import type { FeedName } from "./generated/ws.gen.js";

/** A promise with its settle functions; it never counts as an unhandled rejection. */
export interface Deferred {
  readonly promise: Promise<void>;
  settled: boolean;
  resolve(): void;
  reject(error: Error): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Marks the promise handled: a subscription nobody awaits must not crash the process when refused.
  promise.catch(() => {});
  const d: Deferred = {
    promise,
    settled: false,
    resolve: () => {
      if (d.settled) return;
      d.settled = true;
      resolve();
    },
    reject: (error) => {
      if (d.settled) return;
      d.settled = true;
      reject(error);
    },
  };
  return d;
}

/** A request sent and not yet answered. */
export type Outstanding =
  | { readonly kind: "challenge" }
  | {
      readonly kind: "subscribe" | "unsubscribe";
      readonly feed: FeedName;
      readonly keys: readonly string[];
      readonly isPrivate: boolean;
    };

/** What a server event meant for the requests of a connection. */
export type Answer =
  /** a subscription was acknowledged for these keys */
  | { readonly kind: "acked"; readonly feed: FeedName; readonly keys: readonly string[] }
  /** a subscription (or, with `challenge`, every private one) was refused */
  | {
      readonly kind: "refused";
      readonly feed: FeedName | undefined;
      readonly keys: readonly string[] | undefined;
      readonly challenge: boolean;
      readonly reason: string;
    }
  /** nothing to settle: an unsubscription's answer, or an event that answers no request */
  | { readonly kind: "none"; readonly feed: FeedName | undefined };

/** Alerts that refuse the oldest private subscription; other alerts ("Already subscribed …") inform. */
const REFUSING_ALERT = /fail/i;

/**
 * The requests of one connection and the subscriptions it acknowledged. `all` is the key meaning
 * "every product": an acknowledgement for it covers every product of the feed.
 */
export class RequestLog {
  readonly #queue: Outstanding[] = [];
  readonly #acked = new Map<FeedName, Set<string>>();
  readonly #all: string;

  constructor(all: string) {
    this.#all = all;
  }

  sent(request: Outstanding): void {
    this.#queue.push(request);
  }

  /** True when the connection acknowledged every key (or "every product") of the feed. */
  covers(feed: FeedName, keys: readonly string[]): boolean {
    const acked = this.#acked.get(feed);
    return acked !== undefined && (acked.has(this.#all) || keys.every((k) => acked.has(k)));
  }

  /**
   * Reads a server event (`subscribed`, `subscribed_failed`, `error`, `alert`, …) against the requests.
   * `productIds` is the event's echo of them: an acknowledgement covers what it names, else its request.
   */
  answer(
    event: string,
    feed: FeedName | undefined,
    text: string | undefined,
    productIds?: readonly string[],
  ): Answer {
    switch (event) {
      case "challenge":
        this.#take((r) => r.kind === "challenge");
        return { kind: "none", feed };
      case "subscribed": {
        const request = this.#take((r) => r.kind === "subscribe" && r.feed === feed);
        if (feed === undefined) return { kind: "none", feed };
        const echoed = productIds !== undefined && productIds.length > 0 ? productIds : undefined;
        const keys = echoed ?? (request && request.kind !== "challenge" ? request.keys : [this.#all]);
        let acked = this.#acked.get(feed);
        if (!acked) {
          acked = new Set();
          this.#acked.set(feed, acked);
        }
        for (const key of keys) acked.add(key);
        return { kind: "acked", feed, keys };
      }
      case "unsubscribed":
      case "unsubscribed_failed": {
        const request = this.#take((r) => r.kind === "unsubscribe" && r.feed === feed);
        if (request && request.kind !== "challenge" && event === "unsubscribed") {
          for (const key of request.keys) this.#acked.get(request.feed)?.delete(key);
        }
        return { kind: "none", feed };
      }
      case "subscribed_failed": {
        const request = this.#take((r) => r.kind === "subscribe" && r.feed === feed);
        const keys = request && request.kind !== "challenge" ? request.keys : undefined;
        return { kind: "refused", feed, keys, challenge: false, reason: event };
      }
      case "error":
        return this.#refusal(
          this.#take(() => true),
          text ?? "error",
        );
      case "alert":
        if (!REFUSING_ALERT.test(text ?? "")) return { kind: "none", feed };
        return this.#refusal(
          this.#take((r) => r.kind === "subscribe" && r.isPrivate),
          text ?? "alert",
        );
      default:
        return { kind: "none", feed };
    }
  }

  #refusal(request: Outstanding | undefined, reason: string): Answer {
    if (request === undefined) return { kind: "none", feed: undefined };
    if (request.kind === "challenge") {
      return { kind: "refused", feed: undefined, keys: undefined, challenge: true, reason };
    }
    if (request.kind === "unsubscribe") return { kind: "none", feed: request.feed };
    return { kind: "refused", feed: request.feed, keys: request.keys, challenge: false, reason };
  }

  #take(match: (request: Outstanding) => boolean): Outstanding | undefined {
    const index = this.#queue.findIndex(match);
    return index < 0 ? undefined : this.#queue.splice(index, 1)[0];
  }
}
