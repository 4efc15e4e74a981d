import { Listeners } from "../emitter.js";
import type { BalancesSnapshot, BalancesUpdate, components } from "../generated/uws.gen.js";

/** One asset's balance and wallets. */
export type BalanceEntry = components["schemas"]["BalanceEntry"];

/**
 * Balances by asset: the snapshot replaces them; each update is a ledger transaction carrying the new
 * `balance` of one wallet (`wallet_type`, `wallet_id`), which replaces that wallet's balance; the asset's
 * balance is the sum of its wallets.
 */
export class BalancesView {
  readonly #assets = new Map<string, BalanceEntry>();
  readonly #events = new Listeners<{ update: BalanceEntry }>();

  all(): BalanceEntry[] {
    return [...this.#assets.values()];
  }

  get(asset: string): BalanceEntry | undefined {
    return this.#assets.get(asset);
  }

  on(event: "update", listener: (entry: BalanceEntry) => void): () => void {
    return this.#events.on(event, listener);
  }

  apply(message: BalancesSnapshot | BalancesUpdate): void {
    if (message.type === "snapshot") {
      this.#assets.clear();
      for (const e of message.data) this.#set(e);
      return;
    }
    for (const tx of message.data) {
      if (!tx.asset || tx.balance === undefined) continue;
      const entry = this.#assets.get(tx.asset) ?? { asset: tx.asset, wallets: [] };
      const wallets = [...(entry.wallets ?? [])];
      const i = wallets.findIndex((w) => w.type === tx.wallet_type && w.id === tx.wallet_id);
      const wallet = { type: tx.wallet_type, id: tx.wallet_id, balance: tx.balance };
      if (i >= 0) wallets[i] = wallet;
      else wallets.push(wallet);
      const balance = wallets.reduce((sum, w) => sum + Number(w.balance ?? 0), 0);
      this.#set({ ...entry, wallets, balance });
    }
  }

  #set(entry: BalanceEntry): void {
    this.#assets.set(entry.asset, entry);
    this.#events.emit("update", entry);
  }
}
