/**
 * A typed subscription of one channel: an async iterator over a bounded buffer (one per consumer) and
 * listeners, both fed only the messages of this subscription's symbols, and `ready` from the server's
 * acknowledgement. The wire subscription is the core's: it is restored on every new socket.
 */
import { AsyncBuffer, type SubscriptionHandle } from "@kraken-futures/core";
import { Listeners } from "./emitter.js";
import type { UwsChannelData, UwsSubscribeRequests } from "./generated/uws.gen.js";
import type { UwsMessage, UwsSub } from "./protocol.js";

/** A channel that can be subscribed to. */
export type UwsSubscribableChannel = keyof UwsSubscribeRequests;

/** The params of a channel's subscribe, as the user gives them (no `channel`, `token`; `asset_class` filled in). */
export type UwsSubscribeParams<C extends UwsSubscribableChannel> = Omit<
  UwsSubscribeRequests[C]["params"],
  "channel" | "token" | "asset_class"
> & { asset_class?: string };

/** Options of one subscription. */
export interface UwsSubscriptionOptions {
  /** Messages each iterator holds while its consumer is behind; then it ends with `BufferOverflowError`. Default 10 000. */
  readonly bufferCapacity?: number;
}

/** One subscription of a channel. */
export class UwsSubscription<C extends UwsSubscribableChannel> implements AsyncIterable<UwsChannelData[C]> {
  readonly channel: C;
  readonly #handle: SubscriptionHandle<UwsSub>;
  readonly #symbols: ReadonlySet<string> | undefined;
  readonly #listeners = new Listeners<{ data: UwsChannelData[C] }>();
  readonly #buffers = new Set<AsyncBuffer<UwsChannelData[C]>>();
  readonly #capacity: number | undefined;
  readonly #detach: () => void;
  #done = false;

  constructor(
    channel: C,
    handle: SubscriptionHandle<UwsSub>,
    attach: (deliver: (message: UwsMessage) => void) => () => void,
    options: UwsSubscriptionOptions = {},
  ) {
    this.channel = channel;
    this.#handle = handle;
    const symbol = handle.subscription.params.symbol;
    this.#symbols = Array.isArray(symbol) ? new Set(symbol.map(String)) : undefined;
    this.#capacity = options.bufferCapacity;
    this.#detach = attach((message) => this.#deliver(message));
  }

  /**
   * Settles once: resolves on the server's acknowledgement; rejects with a `SubscriptionError` carrying
   * Kraken's reason when refused or not acknowledged in time.
   */
  get ready(): Promise<void> {
    return this.#handle.ready;
  }

  /** Listens to every message of this subscription; returns the function that removes the listener. */
  on(event: "data", listener: (message: UwsChannelData[C]) => void): () => void {
    return this.#listeners.on(event, listener);
  }

  [Symbol.asyncIterator](): AsyncIterator<UwsChannelData[C]> {
    const buffer: AsyncBuffer<UwsChannelData[C]> = new AsyncBuffer({
      name: `${this.channel} subscription`,
      ...(this.#capacity === undefined ? {} : { capacity: this.#capacity }),
      onEnd: () => this.#buffers.delete(buffer),
    });
    if (this.#done) buffer.end();
    else this.#buffers.add(buffer);
    return buffer;
  }

  /** Ends this subscription: its iterators finish, and the server is told once no other handle shares it. */
  unsubscribe(): void {
    if (this.#done) return;
    this.#done = true;
    this.#detach();
    this.#handle.unsubscribe();
    for (const b of [...this.#buffers]) b.end();
  }

  #deliver(message: UwsMessage): void {
    const filtered = this.#filter(message);
    if (!filtered) return;
    this.#listeners.emit("data", filtered);
    for (const b of this.#buffers) b.push(filtered);
  }

  /** The message reduced to this subscription's symbols (the same object when nothing is removed). */
  #filter(message: UwsMessage): UwsChannelData[C] | undefined {
    const data = message.data;
    if (!this.#symbols || !Array.isArray(data)) return message as unknown as UwsChannelData[C];
    const symbols = this.#symbols;
    const kept = data.filter((d: { symbol?: unknown }) => symbols.has(String(d?.symbol)));
    if (kept.length === 0) return undefined;
    return (kept.length === data.length
      ? message
      : { ...message, data: kept }) as unknown as UwsChannelData[C];
  }
}
