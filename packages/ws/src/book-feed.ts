// The client's order books: snapshots and deltas routed to each product's OrderBook, resyncs on gaps,
// retries when the fresh snapshot does not come, crossed snapshots reported, and one `settled` call per
// burst of updates.
import { OrderBook } from "./book.js";
import { WsDecodeError } from "./errors.js";
import type { BookSnapshot, BookUpdate } from "./generated/ws.gen.js";
import { notifyAll, SnapshotWatch } from "./resync.js";
import type { BookHandle } from "./types.js";
import type { ViewHost } from "./views.js";

type Listener = (book: OrderBook) => void;

interface BookEntry {
  readonly book: OrderBook;
  status: "awaiting" | "synced" | "resyncing";
  readonly listeners: Set<Listener>;
  readonly settledListeners: Set<Listener>;
  readonly watch: SnapshotWatch;
  /** A `settled` call is queued for the end of the current burst. */
  burst: boolean;
}

/** The order books of one client, by product. */
export class BookFeeds {
  readonly #host: ViewHost;
  readonly #entries = new Map<string, BookEntry>();

  constructor(host: ViewHost) {
    this.#host = host;
  }

  /** The product's entry, created on first use. */
  ensure(productId: string): BookEntry {
    let entry = this.#entries.get(productId);
    if (!entry) {
      const created: BookEntry = {
        book: new OrderBook(productId),
        status: "awaiting",
        listeners: new Set(),
        settledListeners: new Set(),
        watch: new SnapshotWatch(this.#host.timers, this.#host.snapshotTimeoutMs, () =>
          this.#resync(created, "snapshot-timeout", created.book.seq, created.book.seq),
        ),
        burst: false,
      };
      entry = created;
      this.#entries.set(productId, entry);
    }
    return entry;
  }

  /** Forgets a product nobody subscribes to any more. */
  delete(productId: string): void {
    this.#entries.get(productId)?.watch.stop();
    this.#entries.delete(productId);
  }

  /** A subscribe for the product was sent: a snapshot must follow, within the snapshot timeout. */
  subscribing(productId: string): void {
    const entry = this.#entries.get(productId);
    if (!entry) return;
    if (entry.status === "synced") entry.status = "awaiting";
    entry.watch.arm();
  }

  /** The connection dropped: every book waits for the next connection's snapshot. */
  disconnected(): void {
    for (const entry of this.#entries.values()) {
      entry.status = "awaiting";
      entry.book.invalidate();
      entry.watch.stop();
      entry.watch.attempt = 0;
    }
  }

  /** A `book_snapshot` or `book` message. Throws a TypeError for one without `product_id`. */
  onMessage(message: BookSnapshot | BookUpdate): void {
    const productId = message.product_id;
    if (typeof productId !== "string") throw new TypeError("book message without product_id");
    const entry = this.#entries.get(productId);
    if (!entry) return; // not a product anyone asked a book for
    if (message.feed === "book_snapshot") {
      this.#onSnapshot(entry, message);
      return;
    }
    if (entry.status === "resyncing") return; // deltas of the old subscription, before the new snapshot
    const bookSeq = entry.book.seq;
    const hadSnapshot = entry.status === "synced";
    const result = entry.book.applyDelta(message);
    if (result === "applied") this.#changed(entry);
    else if (result === "gap") {
      this.#resync(entry, hadSnapshot ? "gap" : "delta-before-snapshot", message.seq, bookSeq);
    } else if (result === "invalid") {
      this.#host.error(
        new WsDecodeError(`unusable book delta for ${productId}: dropped`, JSON.stringify(message)),
      );
    }
  }

  #onSnapshot(entry: BookEntry, message: BookSnapshot): void {
    const { book } = entry;
    if (!book.applySnapshot(message)) {
      this.#host.error(
        new WsDecodeError(`unusable book snapshot for ${book.productId}: dropped`, JSON.stringify(message)),
      );
      return;
    }
    entry.status = "synced";
    entry.watch.done();
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid && ask && bid.price >= ask.price) {
      // Applied as received (it is the exchange's state), but a crossed book is worth knowing about.
      this.#host.log.warn?.(
        `book ${book.productId}: crossed snapshot (bid ${bid.price} >= ask ${ask.price})`,
      );
      this.#host.emit("crossed", {
        productId: book.productId,
        bid: bid.price,
        ask: ask.price,
        seq: book.seq,
      });
    }
    this.#changed(entry);
  }

  #resync(
    entry: BookEntry,
    reason: "gap" | "delta-before-snapshot" | "snapshot-timeout",
    seq: number,
    bookSeq: number,
  ): void {
    entry.status = "resyncing";
    entry.book.invalidate();
    const attempt = ++entry.watch.attempt;
    const productId = entry.book.productId;
    this.#host.log.warn?.(`book ${productId}: ${reason} (seq ${seq} after ${bookSeq}), resubscribing`);
    this.#host.emit("resync", { feed: "book", productId, reason, seq, bookSeq, attempt });
    this.#host.resubscribe("book", [productId]);
  }

  #changed(entry: BookEntry): void {
    notifyAll(entry.listeners, entry.book, this.#host.log, "book");
    if (entry.burst || entry.settledListeners.size === 0) return;
    // Frames that arrive together are handled in one synchronous run; a microtask runs after all of them.
    entry.burst = true;
    queueMicrotask(() => {
      entry.burst = false;
      if (entry.status === "synced")
        notifyAll(entry.settledListeners, entry.book, this.#host.log, "book settled");
    });
  }

  /** The user's handle on a product's book; `close` removes its subscription. */
  handle(productId: string, subscribed: Promise<void>, close: () => void): BookHandle {
    const entry = this.ensure(productId);
    const mine: [Set<Listener>, Listener][] = [];
    const add = (set: Set<Listener>, listener: Listener) => {
      set.add(listener);
      mine.push([set, listener]);
      return () => set.delete(listener);
    };
    return {
      productId,
      book: entry.book,
      subscribed,
      get synced() {
        return entry.status === "synced";
      },
      bids: (n) => entry.book.bids(n),
      asks: (n) => entry.book.asks(n),
      onUpdate: (listener) => add(entry.listeners, listener),
      onSettled: (listener) => add(entry.settledListeners, listener),
      close: () => {
        for (const [set, listener] of mine) set.delete(listener);
        close();
      },
    };
  }
}
