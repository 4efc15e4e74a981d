/** One UWS connection: its host, subscriptions, book views, held tokens and last write. */
import type { ServerSocket } from "../socket.js";
import type { BookView } from "./book-view.js";
import { UWS_MALFORMED_FRAMES, type UwsMalformedKind } from "./faults.js";
import type { Level3View } from "./level3.js";
import { wire } from "./wire.js";

/** What a UWS connection needs of its socket (see `ServerSocket`). */
export type UwsSocket = ServerSocket;

/** Key of a subscription to a channel without symbols (`instrument`, `executions`, `balances`). */
export const WHOLE_CHANNEL = "*";

/** Options of an `executions` subscription. */
export interface ExecutionsOptions {
  /** Stream every status transition (default true) or only new / filled / canceled / expired. */
  readonly orderStatus: boolean;
}

export class UwsConnection {
  /** Channel to subscribed symbols (or {@link WHOLE_CHANNEL}). */
  readonly subscriptions = new Map<string, Set<string>>();
  /** The book views of the symbols subscribed to `book`. */
  readonly books = new Map<string, BookView>();
  /** The level3 views of the symbols subscribed to `level3`. */
  readonly level3 = new Map<string, Level3View>();
  /** Tokens held by this connection's private subscriptions (released when it closes). */
  readonly heldTokens = new Set<string>();
  executions: ExecutionsOptions = { orderStatus: true };
  /** `positions` with the margin figures, and the text of each position last sent. */
  positionsWithMargin = false;
  positionTexts = new Map<string, string>();
  /** The text of the margin state last sent (margin goes out again only when it changed). */
  marginText = "";
  /** The last `ledgers` sequence sent on this connection. */
  ledgerSeq = 0;
  /** The account of the first valid token (the engine trades one account). */
  account: string | undefined;
  /** When channel data was last written, on the exchange clock (heartbeats fill the silence; acks do not count). */
  lastSent: number;
  chain: Promise<void> = Promise.resolve();
  readonly requestTimes: number[] = [];

  constructor(
    readonly id: number,
    readonly access: "public" | "private",
    readonly socket: UwsSocket,
    readonly now: () => number,
  ) {
    this.lastSent = now();
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  wants(channel: string, symbol?: string): boolean {
    const set = this.subscriptions.get(channel);
    return set !== undefined && (set.has(WHOLE_CHANNEL) || (symbol !== undefined && set.has(symbol)));
  }

  subscribe(channel: string, key: string): void {
    const set = this.subscriptions.get(channel) ?? new Set<string>();
    this.subscriptions.set(channel, set);
    set.add(key);
  }

  /** Removes a subscription; true when there was one. */
  unsubscribe(channel: string, key: string): boolean {
    const set = this.subscriptions.get(channel);
    if (!set?.delete(key)) return false;
    if (set.size === 0) this.subscriptions.delete(channel);
    if (channel === "book") this.books.delete(key);
    if (channel === "level3") this.level3.delete(key);
    return true;
  }

  #muted = false;
  /** Acknowledgements held back by the delayed-ack fault, in order. */
  readonly #heldAcks: unknown[] = [];
  /** Whether acknowledgements are held back now (the delayed-ack fault). */
  holdAcks: () => boolean = () => false;
  /** Whether the connection is silenced now (the silence fault: what is due is lost). */
  silenced: () => boolean = () => false;
  /** The malformed-frame fault now: every `every`-th channel message is replaced (0 is off). */
  malformed: () => { every: number; kind: UwsMalformedKind } = () => ({ every: 0, kind: "truncated" });
  /** Channel messages sent (or replaced), which the malformed-frame fault counts. */
  #channelMessages = 0;

  /** Sends the acknowledgements held back, in the order they were made. */
  releaseAcks(): void {
    for (const m of this.#heldAcks.splice(0)) this.send(m);
  }

  /** Sends nothing more (the connection is about to be dropped by a fault). */
  mute(): void {
    this.#muted = true;
  }

  send(message: unknown): void {
    if (!this.open || this.#muted || this.silenced()) return;
    if ((message as { method?: unknown }).method !== undefined && this.holdAcks()) {
      this.#heldAcks.push(message);
      return;
    }
    if ((message as { channel?: unknown }).channel === undefined) return void this.socket.send(wire(message));
    this.lastSent = this.now();
    const fault = this.malformed();
    this.#channelMessages++;
    // The replaced message is lost: a client must survive the bad frame and notice what it missed.
    if (fault.every > 0 && this.#channelMessages % fault.every === 0)
      this.socket.send(UWS_MALFORMED_FRAMES[fault.kind]);
    else this.socket.send(wire(message));
  }
}
