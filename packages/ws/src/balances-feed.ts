// The client's balances view: the `balances` feed merged by BalancesView, resynced on a seq gap and
// when the fresh snapshot does not come.
import { type BalancesState, BalancesView } from "./balances.js";
import type { BalancesSnapshot, BalancesUpdate } from "./generated/ws.gen.js";
import { notifyAll, SnapshotWatch } from "./resync.js";
import type { BalancesHandle } from "./types.js";
import type { ViewHost } from "./views.js";

/** The balances of one client. `all` is the client's key for "every product". */
export class BalancesFeed {
  readonly #host: ViewHost;
  readonly #all: string;
  readonly #view = new BalancesView();
  readonly #listeners = new Set<(state: BalancesState) => void>();
  readonly #watch: SnapshotWatch;

  constructor(host: ViewHost, all: string) {
    this.#host = host;
    this.#all = all;
    this.#watch = new SnapshotWatch(host.timers, host.snapshotTimeoutMs, () => {
      this.#resync("snapshot-timeout", this.#view.seq);
    });
  }

  /** A subscribe was sent: a snapshot must follow, within the snapshot timeout. */
  subscribing(): void {
    this.#watch.arm();
  }

  /** The connection dropped: keep the last good state until the next connection's snapshot. */
  disconnected(): void {
    this.#view.invalidate();
    this.#watch.stop();
    this.#watch.attempt = 0;
  }

  /** Nobody needs balances any more. */
  stop(): void {
    this.#watch.stop();
  }

  onMessage(message: BalancesSnapshot | BalancesUpdate): void {
    if (message.feed === "balances_snapshot") {
      this.#view.applySnapshot(message);
      this.#watch.done();
    } else {
      const viewSeq = this.#view.seq;
      const result = this.#view.applyDelta(message);
      if (result === "gap") this.#resync("gap", message.seq, viewSeq);
      if (result !== "applied") return;
    }
    const state = this.#view.state;
    if (state) notifyAll(this.#listeners, state, this.#host.log, "balances");
  }

  #resync(reason: "gap" | "snapshot-timeout", seq: number, viewSeq = seq): void {
    this.#view.invalidate();
    const attempt = ++this.#watch.attempt;
    this.#host.log.warn?.(`balances: ${reason} (seq ${seq} after ${viewSeq}), resubscribing`);
    this.#host.emit("resync", { feed: "balances", reason, seq, viewSeq, attempt });
    this.#host.resubscribe("balances", [this.#all]);
  }

  /** The user's handle; `close` removes its subscription. */
  handle(subscribed: Promise<void>, close: () => void): BalancesHandle {
    const view = this.#view;
    const listeners = this.#listeners;
    const mine = new Set<(state: BalancesState) => void>();
    return {
      subscribed,
      get state() {
        return view.state;
      },
      get synced() {
        return view.synced;
      },
      onUpdate: (listener) => {
        listeners.add(listener);
        mine.add(listener);
        return () => {
          listeners.delete(listener);
          mine.delete(listener);
        };
      },
      close: () => {
        for (const listener of mine) listeners.delete(listener);
        close();
      },
    };
  }
}
