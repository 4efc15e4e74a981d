/**
 * The account's orders, indexed so that order entry costs the same after a million orders as after ten:
 * open orders by id, by `cliOrdId` and by symbol, open trigger orders apart, and a bounded window of
 * closed orders (the History recorder keeps the account's full record; this only answers "what became
 * of order X" for recent orders).
 */
import { isTrigger, type Order } from "./orders.js";

/** Closed (filled, cancelled, rejected, triggered) orders kept for lookups by id. Default 10,000. */
export const CLOSED_ORDERS_KEPT = 10_000;

/** Open and recently closed orders of the account. Iteration order is insertion order. */
export class OrderIndex implements ReadonlyMap<string, Order> {
  readonly #all = new Map<string, Order>();
  readonly #open = new Map<string, Order>();
  readonly #openByCli = new Map<string, Order>();
  readonly #openBySymbol = new Map<string, Set<Order>>();
  readonly #openTriggers = new Set<Order>();
  /** The most recent closed order of each `cliOrdId` still kept. */
  readonly #closedByCli = new Map<string, Order>();
  readonly #closed: Order[] = [];
  #closedHead = 0;

  /** @param closedKept closed orders kept for lookups (oldest dropped first). Default {@link CLOSED_ORDERS_KEPT}. */
  constructor(readonly closedKept = CLOSED_ORDERS_KEPT) {}

  /** Adds a new order; an open one is indexed as open, any other as closed at once. */
  add(order: Order): void {
    this.#all.set(order.orderId, order);
    if (order.state !== "open") {
      this.#retire(order);
      return;
    }
    this.#open.set(order.orderId, order);
    if (order.cliOrdId !== null) this.#openByCli.set(order.cliOrdId, order);
    let set = this.#openBySymbol.get(order.symbol);
    if (!set) {
      set = new Set();
      this.#openBySymbol.set(order.symbol, set);
    }
    set.add(order);
    if (isTrigger(order.type)) this.#openTriggers.add(order);
  }

  /** Moves an order whose state left `open` out of the open indexes. Idempotent. */
  settle(order: Order): void {
    if (order.state === "open" || !this.#open.delete(order.orderId)) return;
    if (order.cliOrdId !== null && this.#openByCli.get(order.cliOrdId) === order) {
      this.#openByCli.delete(order.cliOrdId);
    }
    this.#openBySymbol.get(order.symbol)?.delete(order);
    this.#openTriggers.delete(order);
    this.#retire(order);
  }

  #retire(order: Order): void {
    if (order.cliOrdId !== null) this.#closedByCli.set(order.cliOrdId, order);
    this.#closed.push(order);
    while (this.#closed.length - this.#closedHead > this.closedKept) {
      const old = this.#closed[this.#closedHead++]!;
      this.#all.delete(old.orderId);
      if (old.cliOrdId !== null && this.#closedByCli.get(old.cliOrdId) === old) {
        this.#closedByCli.delete(old.cliOrdId);
      }
    }
    // Compact the queue now and then, so its dropped head does not grow without bound.
    if (this.#closedHead > 1_024 && this.#closedHead * 2 > this.#closed.length) {
      this.#closed.splice(0, this.#closedHead);
      this.#closedHead = 0;
    }
  }

  /** The open order with this id or, without an id, with this `cliOrdId`. */
  findOpen(orderId: string | undefined, cliOrdId: string | undefined): Order | undefined {
    if (orderId !== undefined) return this.#open.get(orderId);
    return cliOrdId === undefined ? undefined : this.#openByCli.get(cliOrdId);
  }

  /** A kept order (open or recently closed) by id or, failing that, by `cliOrdId` (the newest). */
  find(orderId: string | undefined, cliOrdId: string | undefined): Order | undefined {
    const byId = orderId === undefined ? undefined : this.#all.get(orderId);
    if (byId || cliOrdId === undefined) return byId;
    return this.#openByCli.get(cliOrdId) ?? this.#closedByCli.get(cliOrdId);
  }

  /** Open orders and open trigger orders, oldest first. */
  open(): IterableIterator<Order> {
    return this.#open.values();
  }

  /** How many orders are open. */
  get openCount(): number {
    return this.#open.size;
  }

  /** Open orders of one symbol, oldest first. */
  openOf(symbol: string): ReadonlySet<Order> {
    return this.#openBySymbol.get(symbol) ?? new Set();
  }

  /** Open trigger orders, oldest first. */
  openTriggers(): ReadonlySet<Order> {
    return this.#openTriggers;
  }

  // ---- ReadonlyMap over the kept orders (open and recently closed) --------------------------------

  get size(): number {
    return this.#all.size;
  }
  get(orderId: string): Order | undefined {
    return this.#all.get(orderId);
  }
  has(orderId: string): boolean {
    return this.#all.has(orderId);
  }
  keys(): MapIterator<string> {
    return this.#all.keys();
  }
  values(): MapIterator<Order> {
    return this.#all.values();
  }
  entries(): MapIterator<[string, Order]> {
    return this.#all.entries();
  }
  forEach(fn: (value: Order, key: string, map: ReadonlyMap<string, Order>) => void): void {
    for (const [k, v] of this.#all) fn(v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, Order]> {
    return this.#all.entries();
  }
}
