/**
 * Reconciliation of orders whose request ended without an answer. Such a request is never resent;
 * instead the client waits for the next `executions` snapshot (which a reconnect, or a refresh of the
 * subscription after a timeout, brings) and looks for the `cl_ord_id` there: found, the order was placed;
 * absent, it was not. An `executions` update naming the `cl_ord_id` settles it earlier.
 *
 * The snapshot holds open orders and the last 50 fills (`snap_orders`, `snap_trades`), so an order that
 * was placed and then cancelled before the snapshot, or filled more than 50 fills ago, reads as not
 * placed; that window is a reconnect long, and the README says so.
 */
import type { Execution } from "./views/orders.js";

/** What reconciliation found for one `cl_ord_id`. */
export type ReconcileResult =
  | { readonly clOrdId: string; readonly placed: true; readonly order: Execution }
  | { readonly clOrdId: string; readonly placed: false };

interface Pending {
  readonly waiters: ((result: ReconcileResult) => void)[];
}

/** Tracks the `cl_ord_id`s to reconcile and settles them from `executions` messages. */
export class Reconciler {
  readonly #pending = new Map<string, Pending>();
  /** Outcomes found, kept for a later `reconcile()` of the same id (bounded: oldest dropped). */
  readonly #settled = new Map<string, ReconcileResult>();
  readonly #maxSettled: number;
  readonly #report: (result: ReconcileResult) => void;

  constructor(report: (result: ReconcileResult) => void, maxSettled = 10_000) {
    this.#report = report;
    this.#maxSettled = maxSettled;
  }

  /** How many ids wait for a snapshot. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Marks `clOrdIds` as unknown until the next snapshot. */
  expect(clOrdIds: readonly string[]): void {
    for (const id of clOrdIds) {
      this.#settled.delete(id);
      if (!this.#pending.has(id)) this.#pending.set(id, { waiters: [] });
    }
  }

  /** Resolves once `clOrdId` is settled: at once when known, else at the next snapshot (then expected). */
  wait(clOrdId: string): Promise<ReconcileResult> {
    const done = this.#settled.get(clOrdId);
    if (done) return Promise.resolve(done);
    this.expect([clOrdId]);
    return new Promise((resolve) => this.#pending.get(clOrdId)?.waiters.push(resolve));
  }

  /** An `executions` snapshot arrived: every pending id is settled, placed or not. */
  snapshot(entries: readonly Execution[]): void {
    const byId = new Map<string, Execution>();
    for (const e of entries) if (e.cl_ord_id !== undefined) byId.set(e.cl_ord_id, e);
    for (const id of [...this.#pending.keys()]) {
      const order = byId.get(id);
      this.#settle(order ? { clOrdId: id, placed: true, order } : { clOrdId: id, placed: false });
    }
  }

  /** An `executions` update: an entry naming a pending id proves the order exists. */
  update(entries: readonly Execution[]): void {
    if (this.#pending.size === 0) return;
    for (const e of entries) {
      if (e.cl_ord_id !== undefined && this.#pending.has(e.cl_ord_id))
        this.#settle({ clOrdId: e.cl_ord_id, placed: true, order: e });
    }
  }

  #settle(result: ReconcileResult): void {
    const pending = this.#pending.get(result.clOrdId);
    if (!pending) return;
    this.#pending.delete(result.clOrdId);
    this.#settled.set(result.clOrdId, result);
    if (this.#settled.size > this.#maxSettled)
      this.#settled.delete(this.#settled.keys().next().value as string);
    for (const resolve of pending.waiters) resolve(result);
    this.#report(result);
  }
}
