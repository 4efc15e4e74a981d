/**
 * The private state views and the subscriptions that feed them, each made on first use: orders (and
 * reconciliation) from `executions`, positions, margin, ledgers, balances and preferences.
 */
import type { SpotClient } from "@kraken-futures/spot";
import type { UwsChannelData } from "../generated/uws.gen.js";
import type { UwsMessage } from "../protocol.js";
import type { Reconciler } from "../reconcile.js";
import type { UwsSubscribableChannel, UwsSubscription } from "../subscription.js";
import { BalancesView } from "./balances.js";
import { type LedgerGap, type LedgerRecovery, LedgersView, spotLedgerRecovery } from "./ledgers.js";
import { MarginView } from "./margin.js";
import { OrdersView } from "./orders.js";
import { PositionsView } from "./positions.js";
import { PreferencesView } from "./preferences.js";

/** What the views need of the client. */
export interface AccountHost {
  subscribe(
    channel: UwsSubscribableChannel,
    params: Record<string, unknown>,
  ): UwsSubscription<UwsSubscribableChannel>;
  attach(channel: string, deliver: (message: UwsMessage) => void): () => void;
  readonly reconciler: Reconciler;
  readonly spot: SpotClient | undefined;
  readonly recovery: LedgerRecovery | undefined;
  onLedgerGap(gap: LedgerGap): void;
}

/**
 * The `executions` subscription the client keeps for its orders view and for reconciliation: open
 * orders and the last 50 fills in every snapshot, so an order that filled at once is found too.
 */
const EXECUTIONS = { snap_orders: true, snap_trades: true };

interface Views {
  positions: PositionsView;
  margin: MarginView;
  ledgers: LedgersView;
  balances: BalancesView;
  preferences: PreferencesView;
}

type ViewName = keyof Views;

/** The account views of one client. */
export class AccountViews {
  readonly orders = new OrdersView();
  readonly #host: AccountHost;
  readonly #views: Views;
  readonly #subs = new Map<string, UwsSubscription<UwsSubscribableChannel>>();
  readonly #detach: (() => void)[] = [];

  constructor(host: AccountHost) {
    this.#host = host;
    const recovery =
      host.recovery ??
      (host.spot ? spotLedgerRecovery((q) => (host.spot as SpotClient).ledgerEntries(q)) : undefined);
    const ledgers = new LedgersView(recovery);
    ledgers.on("gap", (gap) => host.onLedgerGap(gap));
    this.#views = {
      positions: new PositionsView(() => this.#resubscribe("positions")),
      margin: new MarginView(),
      ledgers,
      balances: new BalancesView(),
      preferences: new PreferencesView(),
    };
    this.#on("executions", (m) => {
      const message = m as UwsChannelData["executions"];
      this.orders.apply(message);
      if (message.type === "snapshot") host.reconciler.snapshot(message.data);
      else host.reconciler.update(message.data);
    });
    for (const name of Object.keys(this.#views) as ViewName[]) {
      this.#on(name, (m) => (this.#views[name].apply as (message: unknown) => void)(m));
    }
  }

  #on(channel: string, deliver: (message: UwsMessage) => void): void {
    this.#detach.push(this.#host.attach(channel, deliver));
  }

  /** A view, subscribing its channel on first use. */
  view<N extends ViewName>(name: N): Views[N] {
    if (!this.#subs.has(name)) this.#subscribe(name);
    return this.#views[name];
  }

  /** Makes sure `executions` is subscribed (orders view, reconciliation). */
  watchExecutions(): void {
    if (!this.#subs.has("executions")) this.#subscribe("executions");
  }

  /** A new snapshot of `executions`, to settle what waits for reconciliation. */
  refreshExecutions(): void {
    this.#resubscribe("executions");
  }

  /** A new socket: per-connection state starts over. */
  reset(): void {
    this.#views.positions.reset();
    this.#views.ledgers.reset();
  }

  close(): void {
    for (const sub of this.#subs.values()) sub.unsubscribe();
    this.#subs.clear();
    for (const detach of this.#detach) detach();
  }

  #subscribe(channel: string): void {
    const params = channel === "executions" ? EXECUTIONS : {};
    const sub = this.#host.subscribe(channel as UwsSubscribableChannel, params);
    sub.ready.catch(() => {}); // a refusal is reported as an `error` event by the connection
    this.#subs.set(channel, sub);
  }

  #resubscribe(channel: string): void {
    this.#subs.get(channel)?.unsubscribe();
    this.#subs.delete(channel);
    this.#subscribe(channel);
  }
}
