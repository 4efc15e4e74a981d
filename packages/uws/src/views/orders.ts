import { Listeners } from "../emitter.js";
import type { components, ExecutionsSnapshot, ExecutionsUpdate } from "../generated/uws.gen.js";

/** One `executions` entry. */
export type Execution = components["schemas"]["Execution"];

/** Order states after which an order is no longer open. */
const CLOSED = new Set(["filled", "canceled", "expired"]);

/**
 * The open orders, merged from `executions`: the snapshot replaces the set, each update merges its
 * fields into the order it names (by `order_id`), and an order leaves the view once `order_status` says
 * it is filled, cancelled or expired (the `update` event still shows it, closed).
 */
export class OrdersView {
  readonly #orders = new Map<string, Execution>();
  readonly #events = new Listeners<{ update: Execution; snapshot: readonly Execution[] }>();
  #synced = false;

  /** True once the first snapshot arrived. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Every open order. */
  all(): Execution[] {
    return [...this.#orders.values()];
  }

  get(orderId: string): Execution | undefined {
    return this.#orders.get(orderId);
  }

  byClOrdId(clOrdId: string): Execution | undefined {
    for (const o of this.#orders.values()) if (o.cl_ord_id === clOrdId) return o;
    return undefined;
  }

  on<E extends "update" | "snapshot">(
    event: E,
    listener: (payload: E extends "update" ? Execution : readonly Execution[]) => void,
  ): () => void {
    return this.#events.on(event, listener as never);
  }

  /** Feeds one `executions` message. */
  apply(message: ExecutionsSnapshot | ExecutionsUpdate): void {
    if (message.type === "snapshot") {
      this.#orders.clear();
      for (const e of message.data) if (e.order_id && !isClosed(e)) this.#orders.set(e.order_id, e);
      this.#synced = true;
      this.#events.emit("snapshot", message.data);
      return;
    }
    for (const e of message.data) {
      if (!e.order_id) continue;
      const merged = { ...this.#orders.get(e.order_id), ...e };
      if (isClosed(merged)) this.#orders.delete(e.order_id);
      else this.#orders.set(e.order_id, merged);
      this.#events.emit("update", merged);
    }
  }
}

function isClosed(e: Execution): boolean {
  return (e.order_status !== undefined && CLOSED.has(e.order_status)) || CLOSED.has(e.exec_type);
}
