import { type KrakenFuturesError, parseCredentials } from "@kraken-futures/auth";
import { BalancesFeed } from "./balances-feed.js";
import { BookFeeds } from "./book-feed.js";
import { type ConnectionHost, V1Connection } from "./connection.js";
import { readFrame } from "./decode.js";
import { WsArgumentError, WsConnectionError, WsDecodeError, WsSubscriptionError } from "./errors.js";
import {
  ALL,
  answerFields,
  checkedProductIds,
  FEED_OF_MESSAGE,
  isFeed,
  isInformational,
  isPrivate,
} from "./feeds.js";
import type {
  BalancesSnapshot,
  BalancesUpdate,
  BookSnapshot,
  BookUpdate,
  FeedName,
  ServerMessage,
} from "./generated/ws.gen.js";
import type { Link } from "./link.js";
import { Registry } from "./registry.js";
import { notifyAll } from "./resync.js";
import type { Answer } from "./settlement.js";
import { endHandle, type Handle, subscriptionOf } from "./subscription.js";
import type {
  BalancesHandle,
  BookHandle,
  ConnectionState,
  Logger,
  Subscription,
  Timers,
  WebSocketConstructor,
  WsClient,
  WsClientEvents,
  WsClientOptions,
} from "./types.js";

const DEFAULT_ORIGIN = "wss://futures.kraken.com";

/**
 * Creates a Kraken Futures WebSocket v1 client. Nothing connects until the first `subscribe`, `book`,
 * `balances` or `connect` call.
 *
 * @example
 * import WebSocket from "ws";
 * const client = createWsClient({ WebSocket });
 * for await (const ticker of client.subscribe("ticker", ["PF_XBTUSD"])) console.log(ticker.markPrice);
 *
 * @see https://docs.kraken.com/api/docs/futures-api/websocket/
 * @throws {CredentialsError} when `credentials` are malformed.
 * @throws {WsArgumentError} when no WebSocket constructor is given and the runtime has none.
 */
export function createWsClient(options: WsClientOptions = {}): WsClient {
  return new Client(options);
}

function toWsOrigin(origin: string): string {
  return origin.replace(/\/+$/, "").replace(/^http(s?):\/\//i, (_, s: string) => `ws${s}://`);
}

/**
 * The v1 client: its subscriptions (`Registry`), the books (`BookFeeds`) and the balances view, fed by
 * the routing of each frame of the connection (`V1Connection`, which owns the states and the sockets).
 */
class Client implements WsClient {
  readonly url: string;
  readonly #hasCredentials: boolean;
  readonly #log: Logger;
  readonly #connection: V1Connection;
  readonly #registry: Registry;
  readonly #books: BookFeeds;
  readonly #balances: BalancesFeed;
  readonly #listeners = new Map<keyof WsClientEvents, Set<(payload: never) => void>>();
  /** The `message` listeners (also in #listeners): checked per frame, so that none costs nothing. */
  readonly #messageListeners = new Set<(payload: never) => void>();
  #heartbeatHandle: Handle | undefined;

  constructor(options: WsClientOptions) {
    this.url = toWsOrigin(options.origin ?? DEFAULT_ORIGIN) + (options.path ?? "/ws/v1");
    const WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocket) {
      throw new WsArgumentError(
        "createWsClient: this runtime has no global WebSocket; pass one, e.g. `WebSocket` from the ws package",
      );
    }
    const credentials = options.credentials ? parseCredentials(options.credentials) : undefined;
    this.#hasCredentials = credentials !== undefined;
    const log = options.logger ?? {};
    this.#log = log;
    const timers: Timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    this.#listeners.set("message", this.#messageListeners);
    this.#registry = new Registry(log);
    this.#connection = new V1Connection(this.url, options, {
      WebSocket,
      credentials,
      log,
      clock: options.clock ?? Date,
      timers,
      host: this.#connectionHost(),
    });
    const host = {
      timers,
      log,
      snapshotTimeoutMs: options.snapshotTimeoutMs ?? 10_000,
      emit: <E extends keyof WsClientEvents>(event: E, payload: WsClientEvents[E]) =>
        this.#emit(event, payload),
      error: (error: KrakenFuturesError) => this.#error(error),
      resubscribe: (feed: FeedName, keys: readonly string[]) => {
        this.#connection.request("unsubscribe", feed, keys);
        this.#connection.request("subscribe", feed, keys);
      },
    };
    this.#books = new BookFeeds(host);
    this.#balances = new BalancesFeed(host, ALL);
  }

  /** What the connection calls back; the books and views exist by the time it first does. */
  #connectionHost(): ConnectionHost {
    return {
      registry: this.#registry,
      emit: (event, payload) => this.#emit(event, payload),
      error: (error) => this.#error(error),
      opened: (link) => {
        if (typeof link.socket.ping !== "function" && !this.#heartbeatHandle) {
          // Browsers cannot send protocol pings; the heartbeat feed keeps traffic flowing instead.
          this.#heartbeatHandle = this.#addHandle("heartbeat", undefined, false);
        }
      },
      frame: (link, data) => this.#onFrame(link, data),
      subscribing: (feed, keys) => {
        if (feed === "book") for (const key of keys) if (key !== ALL) this.#books.subscribing(key);
        if (feed === "balances") this.#balances.subscribing();
      },
      refusePrivate: (reason) => this.#refusePrivate(reason),
      disconnected: () => {
        this.#books.disconnected();
        this.#balances.disconnected();
      },
      closed: (reason) => {
        this.#books.disconnected();
        this.#balances.stop();
        for (const handle of this.#registry.handles()) {
          handle.settle.reject(reason);
          this.#registry.detach(handle);
          endHandle(handle);
        }
      },
    };
  }

  get state(): ConnectionState {
    return this.#connection.state;
  }

  // ------------------------------------------------------------------ events

  on<E extends keyof WsClientEvents>(event: E, listener: (payload: WsClientEvents[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  #emit<E extends keyof WsClientEvents>(event: E, payload: WsClientEvents[E]): void {
    const set = this.#listeners.get(event) as Set<(p: WsClientEvents[E]) => void> | undefined;
    // A throwing listener must not break the connection: notifyAll logs it and calls the others.
    if (set) notifyAll(set, payload, this.#log, event);
  }

  #error(error: KrakenFuturesError): void {
    this.#log.warn?.(error.message, { name: error.name });
    this.#emit("error", error);
  }

  connect(): Promise<void> {
    return this.#connection.connect();
  }

  close(): void {
    this.#connection.shutdown(undefined);
  }

  // ------------------------------------------------------------------ receiving

  #onFrame(link: Link, data: unknown): void {
    const decoded = readFrame(data);
    if (decoded instanceof WsDecodeError) {
      this.#error(decoded);
      return;
    }
    const message = decoded as ServerMessage & { feed?: string; event?: string };
    try {
      // Acknowledgements carry `feed` too, so `event` decides first.
      if (typeof message.event === "string") this.#onEvent(link, message.event, message);
      else this.#onFeedMessage(message);
    } catch (cause) {
      // A frame whose shape defeats a handler is dropped like a malformed one; the client carries on.
      const frame = typeof data === "string" ? data : "<binary>";
      this.#error(new WsDecodeError("a message could not be handled and was dropped", frame, { cause }));
    }
    if (this.#messageListeners.size > 0) this.#emit("message", message);
  }

  /** The hot path: a feed message to its book or view, then to the subscriptions of its feed. */
  #onFeedMessage(message: ServerMessage & { feed?: string }): void {
    const feed = FEED_OF_MESSAGE.get(message.feed as string);
    if (feed === "book") this.#books.onMessage(message as BookSnapshot | BookUpdate);
    else if (feed === "balances") this.#balances.onMessage(message as BalancesSnapshot | BalancesUpdate);
    if (feed) this.#registry.dispatch(feed, message);
  }

  /** An event frame: a challenge, or an answer read against the requests of the link. */
  #onEvent(link: Link, event: string, message: ServerMessage & { feed?: string }): void {
    const { text, echoed } = answerFields(message as { message?: unknown; product_ids?: unknown });
    if (event === "challenge") {
      link.requests.answer("challenge", undefined, undefined);
      if (text !== undefined && text.length > 0) link.challenge?.resolve(text);
      else this.#error(new WsConnectionError("the server sent an empty challenge"));
      return;
    }
    const feed = isFeed(message.feed) ? message.feed : undefined;
    this.#onAnswer(link, event, feed, text, link.requests.answer(event, feed, text, echoed));
  }

  /** An acknowledgement, refusal, error or alert, read against the requests it answers. */
  #onAnswer(
    link: Link,
    event: string,
    feed: FeedName | undefined,
    text: string | undefined,
    answer: Answer,
  ): void {
    if (answer.kind === "acked") {
      for (const handle of this.#registry.ofFeed(answer.feed)) {
        if (!handle.settle.settled && link.requests.covers(answer.feed, handle.keys)) handle.settle.resolve();
      }
      return;
    }
    if (answer.kind === "refused") {
      if (answer.challenge) {
        link.challenge?.reject(
          new WsSubscriptionError(`the challenge was refused: ${answer.reason}`, undefined, answer.reason),
        );
      } else if (answer.feed) this.#refuse(answer.feed, answer.keys, answer.reason);
      return;
    }
    if (isInformational(event, text)) {
      this.#log.debug?.(`event ${event}${text ? `: ${text}` : ""}`);
      return;
    }
    const name = feed ?? answer.feed;
    const where = `${event}${name ? ` for feed ${name}` : ""}${text ? `: ${text}` : ""}`;
    this.#error(new WsSubscriptionError(where, name, text ?? event));
  }

  /** Ends the handles of `feed` whose subscription was refused (all unsettled ones when `keys` is unknown). */
  #refuse(feed: FeedName, keys: readonly string[] | undefined, reason: string): void {
    const error = new WsSubscriptionError(`subscribe ${feed} refused: ${reason}`, feed, reason);
    this.#error(error);
    for (const handle of this.#registry.refusedBy(feed, keys)) {
      if (handle !== this.#heartbeatHandle) this.#removeHandle(handle, error);
    }
  }

  /** The challenge was refused: no private feed can be subscribed with these credentials. */
  #refusePrivate(reason: string): void {
    for (const feed of this.#registry.feeds()) if (isPrivate(feed)) this.#refuse(feed, [ALL], reason);
  }

  // ------------------------------------------------------------------ views and subscriptions

  book(productId: string): BookHandle {
    if (typeof productId !== "string" || productId.length === 0) {
      throw new WsArgumentError("book: productId must be a non-empty string");
    }
    const handle = this.#addHandle("book", [productId], true);
    return this.#books.handle(productId, handle.settle.promise, () => this.#removeHandle(handle));
  }

  balances(): BalancesHandle {
    const handle = this.#addHandle("balances", undefined, true);
    return this.#balances.handle(handle.settle.promise, () => this.#removeHandle(handle));
  }

  subscribe<F extends FeedName>(feed: F, productIds?: readonly string[]): Subscription<F> {
    const handle = this.#addHandle(feed, productIds, true);
    return subscriptionOf<F>(handle, () => this.#removeHandle(handle));
  }

  unsubscribe(subscription: Subscription<FeedName>): void {
    subscription.unsubscribe();
  }

  #addHandle(feed: FeedName, productIds: readonly string[] | undefined, user: boolean): Handle {
    if (this.#connection.state === "closed")
      throw new WsConnectionError(`subscribe(${feed}): the client is closed`);
    const ids = checkedProductIds(feed, productIds);
    if (isPrivate(feed) && !this.#hasCredentials) {
      throw new WsArgumentError(`subscribe(${feed}): a private feed needs credentials in createWsClient`);
    }
    const { handle, added } = this.#registry.add(feed, ids);
    if (feed === "book") for (const id of handle.keys) this.#books.ensure(id);
    this.#connection.request("subscribe", feed, added);
    // Wanted already and acknowledged on this connection: nothing is sent, nothing will be acknowledged.
    if (this.#connection.link?.requests.covers(feed, handle.keys)) handle.settle.resolve();
    if (this.#connection.state === "idle" && user) void this.connect().catch(() => {});
    return handle;
  }

  /** Removes a handle; with `failure` (a refusal) it ends with that error and no unsubscribe is sent. */
  #removeHandle(handle: Handle, failure?: Error): void {
    const removed = this.#registry.remove(handle);
    if (removed === undefined) return;
    endHandle(handle, failure);
    if (handle.feed === "book") for (const key of removed) this.#books.delete(key);
    if (handle.feed === "balances" && !this.#registry.isWanted("balances")) this.#balances.stop();
    if (this.#connection.state !== "closed" && !failure)
      this.#connection.request("unsubscribe", handle.feed, removed);
  }
}
