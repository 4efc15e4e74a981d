/**
 * What each operation of the spec does, keyed by operationId. Routing, argument checks, signing and
 * the budget come from the spec (see `server.ts`); this table only connects an operation to the engine.
 * An operation of the spec without a handler here answers `Unavailable`.
 */
import {
  accounts,
  feeScheduleVolumes,
  fills,
  initialMargin,
  leveragePreferences,
  maxOrderSize,
  notifications,
  openOrders,
  openPositions,
  ordersStatus,
  pnlPreferences,
  setLeveragePreference,
  setPnlPreference,
  unwindQueue,
} from "../engine/account-views.js";
import { iso } from "../engine/clock.js";
import {
  type EditOrderRequest,
  EngineError,
  type Exchange,
  type OrderOutcome,
  type SendOrderRequest,
} from "../engine/exchange.js";
import {
  contractTicker,
  feeSchedules,
  historicalFundingRates,
  instrumentStatus,
  instrumentStatusList,
  instruments,
  orderBook,
  tickers,
  tradeHistory,
} from "../engine/public-data.js";
import type { operations } from "../generated/trading.gen.js";
import {
  asServed,
  type GeneratedOperation,
  type HandlerTable,
  type OmitEach,
  type SuccessJson,
  type Wire,
} from "./typed-handlers.js";

/** Arguments of a call, checked and typed by the spec (numbers are numbers, booleans booleans). */
export type Args = Readonly<Record<string, unknown>>;

/**
 * An operation's implementation as the server runs it: the success payload (without `result` /
 * `serverTime`) from the exchange and the checked arguments. Each one in {@link handlers} is typed by
 * its operation ({@link TradingHandlers}); this is the widened form the server dispatches on.
 */
export type Handler = (exchange: Exchange, args: Args) => unknown;

/**
 * What a Trading operation answers: its spec's success body (`result: "success"`, not the error
 * envelope of the same 200) less the `result` and `serverTime` the surface adds.
 */
type TradingPayload<Op extends GeneratedOperation> = Wire<
  OmitEach<Extract<SuccessJson<Op>, { result: "success" }>, "result" | "serverTime">
>;

const str = (v: unknown) => (v === undefined ? undefined : String(v));

function sendStatus(o: OrderOutcome): Record<string, unknown> {
  const out: Record<string, unknown> = { status: o.status, receivedTime: iso(o.receivedTime) };
  if (o.orderId !== undefined) out.order_id = o.orderId;
  if (o.cliOrdId) out.cliOrdId = o.cliOrdId;
  if (o.events.length > 0 || o.orderId !== undefined) out.orderEvents = o.events;
  return out;
}

function toSend(args: Args): SendOrderRequest {
  return args as unknown as SendOrderRequest;
}

function toEdit(args: Args, idKey: "orderId" | "order_id"): EditOrderRequest {
  return { ...(args as EditOrderRequest), orderId: str(args[idKey]) };
}

/** One instruction of a batch, run against the engine; failures stay inside the instruction's result. */
function runInstruction(exchange: Exchange, instruction: Record<string, unknown>): Record<string, unknown> {
  const tag = instruction.order_tag === undefined ? undefined : String(instruction.order_tag);
  try {
    if (instruction.order === "send") {
      const o = exchange.sendOrder(toSend(instruction));
      return {
        order_tag: tag ?? null,
        order_id: o.orderId ?? null,
        status: o.status,
        dateTimeReceived: iso(o.receivedTime),
        orderEvents: o.events,
        ...(o.cliOrdId ? { cliOrdId: o.cliOrdId } : {}),
      };
    }
    if (instruction.order === "edit") {
      const o = exchange.editOrder(toEdit(instruction, "order_id"));
      return { order_id: o.orderId ?? null, status: o.status, orderEvents: o.events };
    }
    const o = exchange.cancelOrder(str(instruction.order_id), str(instruction.cliOrdId));
    return { order_id: o.orderId ?? null, status: o.status, orderEvents: o.events };
  } catch (error) {
    if (error instanceof EngineError) return { order_tag: tag ?? null, status: error.code, orderEvents: [] };
    throw error;
  }
}

function processedInTime(exchange: Exchange, processBefore: unknown): boolean {
  return processBefore === undefined || Date.parse(String(processBefore)) >= exchange.now();
}

/**
 * The handlers, keyed by the generated `operations` of the Trading spec: a handler for an operation the
 * spec does not have (a typo'd operationId) is a type error, and an operation without one answers
 * `Unavailable`.
 */
export type TradingHandlers = HandlerTable<
  operations,
  { [Id in keyof operations]: Id extends Untyped ? unknown : TradingPayload<operations[Id]> },
  [Exchange]
>;

/**
 * The operations whose answers are not typed by the spec, and why: their order events (engine/views.ts,
 * rendered as `Record<string, unknown>`) do not all fit the spec, and the mock keeps sending them as it
 * does (the spec is not changed here).
 * - `editOrder`: editing a trigger order answers `{ type: "EDIT", old: OrderTriggerJson, new:
 *   OrderTriggerJson }` (views.ts `editEvent`: `clientId`/`uid`/`triggerPrice`/`triggerSide`/
 *   `triggerSignal`/`startTime`, `limitPrice: null` for a stop without a limit), where the spec's
 *   `EditEvent` says `old`/`new` are `OrderJson`, and its `OrderEvent` union has no trigger EDIT event.
 * - `batchOrder`: the same EDIT event for an `edit` instruction on a trigger order; and a `send`
 *   instruction of a market order answers PLACE/EXECUTION events whose `OrderJson.limitPrice` is `null`
 *   (views.ts `orderJson` writes the engine's `limitPrice: null` of a `mkt` order as it is), where the
 *   spec's `OrderJson.limitPrice` is a `Numeric` (not nullable). Besides, the generated types give its
 *   `json` argument as its wire text, while the server hands the handler the parsed document.
 * - `cancelAllOrders`: it cancels trigger orders too, whose CANCEL event is `{ type: "CANCEL", uid,
 *   orderTrigger: OrderTriggerJson }` (the spec's `CancelTriggerEvent`), while the spec's
 *   `CancelAllOrdersStatusJson.orderEvents` lists only `CancelEvent` (`order: OrderJson | null`). Its
 *   other CANCEL events are of resting orders, which have a limit price; but they come from the same
 *   `orderJson`, typed with the engine's `limitPrice: number | null`.
 * `sendOrder` and `cancelOrder` are in the typed table, but their statuses are built as
 * `Record<string, unknown>` (`sendStatus`, `cancelOrder`'s `out`), which TypeScript accepts for an
 * object type whose fields are all optional: their `orderEvents` are not checked either, and a market
 * order's PLACE/EXECUTION events carry the same `limitPrice: null`.
 */
type Untyped = "editOrder" | "cancelAllOrders" | "batchOrder";

/** The handlers, by the spec's operationId. */
export const handlers: Readonly<Record<string, Handler>> = asServed<Handler>({
  // Market data and instruments (public).
  getInstruments: (ex) => instruments(ex),
  getInstrumentStatusList: (ex) => instrumentStatusList(ex),
  getInstrumentStatus: (ex, a) => instrumentStatus(ex, a.symbol),
  getTickers: (ex) => tickers(ex),
  getTicker: (ex, a) => ({ ticker: contractTicker(ex, a.symbol) }),
  getOrderBook: (ex, a) => orderBook(ex, a.symbol),
  getTradeHistory: (ex, a) => tradeHistory(ex, a.symbol, a.lastTime),
  getFeeSchedules: (ex) => feeSchedules(ex),
  getHistoricalFundingRates: (ex, a) => historicalFundingRates(ex, a.symbol),

  // Account.
  getAccounts: (ex) => accounts(ex),
  getOpenPositions: (ex) => openPositions(ex),
  getUnwindQueue: (ex) => unwindQueue(ex),
  getFills: (ex, a) => fills(ex, a.lastFillTime),
  getFeeScheduleVolumes: (ex) => feeScheduleVolumes(ex),
  getNotifications: (ex) => notifications(ex),
  getOpenOrders: (ex) => openOrders(ex),
  getOrdersStatus: (ex, a) => ordersStatus(ex, a.orderIds ?? [], a.cliOrdIds ?? []),
  getInitialMargin: (ex, a) => initialMargin(ex, a),
  getMaxOrderSize: (ex, a) => maxOrderSize(ex, a),

  // Preferences.
  getLeveragePreferences: (ex) => leveragePreferences(ex),
  setLeveragePreferences: (ex, a) => {
    setLeveragePreference(ex, a.symbol, a.maxLeverage);
    return {};
  },
  getPnlPreferences: (ex) => pnlPreferences(ex),
  setPnlPreferences: (ex, a) => {
    setPnlPreference(ex, a.symbol, a.pnlPreference);
    return {};
  },

  // Order management.
  sendOrder: (ex, a) => ({ sendStatus: sendStatus(ex.sendOrder(toSend(a))) }),
  editOrder: (ex, a) => {
    const o = ex.editOrder(toEdit(a, "orderId"));
    return {
      editStatus: {
        status: o.status,
        orderId: o.orderId ?? null,
        receivedTime: iso(o.receivedTime),
        orderEvents: o.events,
        ...(o.cliOrdId ? { cliOrdId: o.cliOrdId } : {}),
      },
    };
  },
  cancelOrder: (ex, a) => {
    if (!processedInTime(ex, a.processBefore)) {
      return { cancelStatus: { status: "wouldProcessAfterSpecifiedTime", receivedTime: iso(ex.now()) } };
    }
    const o = ex.cancelOrder(str(a.order_id), str(a.cliOrdId));
    const out: Record<string, unknown> = {
      status: o.status,
      receivedTime: iso(o.receivedTime),
      orderEvents: o.events,
    };
    if (o.orderId !== undefined) out.order_id = o.orderId;
    if (o.cliOrdId) out.cliOrdId = o.cliOrdId;
    return { cancelStatus: out };
  },
  cancelAllOrders: (ex, a) => {
    const r = ex.cancelAllOrders(str(a.symbol));
    return {
      cancelStatus: {
        cancelOnly: str(a.symbol) ?? "all",
        cancelledOrders: r.cancelled.map((o) => ({
          order_id: o.orderId,
          ...(o.cliOrdId ? { cliOrdId: o.cliOrdId } : {}),
        })),
        orderEvents: r.events,
        receivedTime: iso(r.receivedTime),
        status: r.cancelled.length > 0 ? "cancelled" : "noOrdersToCancel",
      },
    };
  },
  cancelAllOrdersAfter: (ex, a) => ({ status: ex.cancelAllOrdersAfter(a.timeout ?? 0) }),
  batchOrder: (ex, a) => {
    // The generated types give `json` as its wire text; the server has parsed and checked it (params.ts).
    const doc = a.json as unknown as { batchOrder: Record<string, unknown>[] };
    if (!processedInTime(ex, a.processBefore)) {
      return {
        batchStatus: doc.batchOrder.map((i) => ({
          order_tag: i.order_tag === undefined ? null : String(i.order_tag),
          status: "wouldProcessAfterSpecifiedTime",
        })),
      };
    }
    return { batchStatus: doc.batchOrder.map((i) => runInstruction(ex, i)) };
  },

  // Assignment program: preferences are stored and listed; assignments are not simulated.
  addAssignmentProgram: (ex, a) => {
    const id = ex.nextAssignmentId++;
    const participant = {
      acceptLong: a.acceptLong,
      acceptShort: a.acceptShort,
      contract: a.contract ?? null,
      contractType: a.contractType,
      enabled: a.enabled,
      maxPosition: a.maxPosition ?? null,
      maxSize: a.maxSize ?? null,
      timeFrame: a.timeFrame,
    };
    ex.assignmentPrograms.set(id, participant);
    ex.assignmentHistory.push({ deleted: false, participant });
    return { id, participant };
  },
  deleteAssignmentProgram: (ex, a) => {
    const id = Number(a.id);
    const participant = ex.assignmentPrograms.get(id);
    if (!participant) throw new EngineError("notFound");
    ex.assignmentPrograms.delete(id);
    ex.assignmentHistory.push({ deleted: true, participant });
    return { id, participant };
  },
  getCurrentAssignmentPrograms: (ex) => ({
    participants: [...ex.assignmentPrograms].map(([id, participant]) => ({ id, participant })),
  }),
  getAssignmentProgramHistory: (ex) => ({ participants: ex.assignmentHistory }),
} satisfies TradingHandlers);
