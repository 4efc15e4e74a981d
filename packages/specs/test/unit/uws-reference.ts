// What Kraken's UWS reference lists (unified-ws.md, part 2 wins), kept here rather than read from the
// document so that the tests compare the document with the reference: channels, methods, error strings,
// verbatim examples, and per message the fields that were read on a UWS page.

// ---------------------------------------------------------------- what the reference lists
export const PUBLIC_CHANNELS = ["book", "ticker", "trade", "instrument", "level3", "heartbeat"];
export const PRIVATE_CHANNELS = ["executions", "balances", "margin", "positions", "ledgers", "preferences"];
export const METHODS = [
  "subscribe",
  "unsubscribe",
  "ping",
  "add_order",
  "amend_order",
  "cancel_order",
  "cancel_all",
  "cancel_all_orders_after",
  "batch_add",
  "batch_cancel",
  "set_preference",
];
/** The error strings documented on UWS pages (reference part 2 §3). */
export const DOCUMENTED_ERRORS = [
  "'params.snapshot' is not valid for the margin channel",
  "Already subscribed to margin channel",
  "Already subscribed to positions channel",
  "'params.asset_class' is not valid for the ledgers channel",
  "Preferences are not available yet, try again later",
  "Leverage exceeds the market's margin schedule",
  "Leverage change would cause liquidation",
  "Insufficient margin for the requested leverage",
  "Leverage is outside the permitted range for this market",
  "Leverage change rejected",
  "Unknown 'params.leverage_mode.symbol'",
];
/** Verbatim examples of the reference, as printed there (key order included). */
export const VERBATIM: Record<string, string> = {
  "heartbeat/heartbeat": '{"channel":"heartbeat"}',
  "ping/ping": '{"method":"ping","req_id":101}',
  "setPreferenceAck/insufficientMargin":
    '{"method":"set_preference","success":false,"error":"Insufficient margin for the requested leverage","req_id":103,"time_in":"2026-11-11T09:02:00.000000Z","time_out":"2026-11-11T09:02:00.050000Z"}',
  "cancelAllOrdersAfter/spotV2Example":
    '{"method":"cancel_all_orders_after","params":{"timeout":100,"token":"zwpdzWUe18Bn6h4TAMorh26+QbcMeST2B5tamfe+pgQ"},"req_id":1234567890}',
};

// ---------------------------------------------------------------- fields read on a UWS page, per message
const REQUEST = ["method", "params", "req_id"];
const ACK = ["method", "result", "success", "error", "time_in", "time_out", "req_id"];
const DATA = ["channel", "type", "data"];
const params = (...names: string[]) => [...REQUEST, ...names.map((n) => `params.${n}`)];
const positionFields = ["data.futures", "data.options"].flatMap((list) => [
  list,
  `${list}[].size`,
  `${list}[].entry_price`,
]);
const pairRules = ["qty_min", "qty_increment", "qty_precision", "price_increment", "price_precision"].map(
  (f) => `data.pairs[].${f}`,
);
export const VERIFIED: Record<string, string[]> = {
  subscribeAck: [...ACK, "result.channel", "result.symbol", "result.snapshot", "result.warnings"],
  unsubscribeAck: ACK,
  bookSubscribe: params("channel", "asset_class", "symbol", "depth", "snapshot"),
  bookSnapshot: DATA,
  bookUpdate: DATA,
  tickerSubscribe: params("channel", "asset_class", "symbol", "snapshot"),
  tickerSnapshot: DATA,
  tickerUpdate: DATA,
  tradeSubscribe: params("channel", "asset_class", "symbol", "snapshot"),
  tradeSnapshot: DATA,
  tradeUpdate: DATA,
  instrumentSubscribe: params("channel", "asset_class", "snapshot"),
  instrumentSnapshot: [...DATA, ...pairRules],
  instrumentUpdate: [...DATA, ...pairRules],
  level3Subscribe: params("channel", "symbol", "token"),
  level3Snapshot: DATA,
  level3Update: DATA,
  heartbeat: ["channel"],
  executionsSubscribe: params(
    "channel",
    "asset_class",
    "snap_trades",
    "snap_orders",
    "order_status",
    "ratecounter",
    "token",
  ),
  executionsSnapshot: DATA,
  executionsUpdate: DATA,
  balancesSubscribe: params("channel", "snapshot", "token"),
  balancesSnapshot: DATA,
  balancesUpdate: DATA,
  marginSubscribe: params("channel", "asset_class", "token"),
  marginMultiCollateral: DATA,
  marginSingleCollateral: DATA,
  positionsSubscribe: params("channel", "asset_class", "snapshot", "with_margin", "token"),
  positionsSnapshot: [...DATA, ...positionFields],
  positionsUpdate: [...DATA, ...positionFields],
  ledgersSubscribe: params("channel", "token"),
  ledgersUpdate: [...DATA, "sequence", "data[].asset_class"],
  preferencesSubscribe: params("channel", "token"),
  preferencesSnapshot: ["channel", "type"],
  preferencesUpdate: ["channel", "type"],
  ping: ["method", "req_id"],
  pong: ["method", "req_id", "success", "error", "time_in", "time_out"],
  addOrder: params(
    "asset_class",
    "order_type",
    "limit_price_type",
    "triggers",
    "triggers.reference",
    "triggers.price",
    "conditional",
    "token",
  ),
  addOrderAck: ACK,
  amendOrder: params(
    "asset_class",
    "order_id",
    "cl_ord_id",
    "order_qty",
    "limit_price",
    "post_only",
    "deadline",
    "token",
  ),
  amendOrderAck: [...ACK, "result.amend_id", "result.cl_ord_id"],
  cancelOrder: params("asset_class", "order_id", "cl_ord_id", "order_userref", "token"),
  cancelOrderAck: ACK,
  cancelAll: params("asset_class", "token"),
  cancelAllAck: [...ACK, "result.count", "result.warnings"],
  cancelAllOrdersAfter: params("timeout"),
  cancelAllOrdersAfterAck: ACK,
  batchAdd: params("asset_class", "symbol", "orders", "deadline", "validate", "token"),
  batchAddAck: ACK,
  batchCancel: params("asset_class", "orders", "cl_ord_id", "token"),
  batchCancelAck: [...ACK, "result.count", "result.warnings"],
  setPreference: params(
    "asset_class",
    "token",
    "leverage_mode",
    "leverage_mode.symbol",
    "leverage_mode.max_leverage",
  ),
  setPreferenceAck: ACK,
};
// Unsubscribe shapes were not read (only ledgers' refusal of asset_class): the envelope only.
for (const channel of [...PUBLIC_CHANNELS, ...PRIVATE_CHANNELS]) VERIFIED[`${channel}Unsubscribe`] = REQUEST;
export const SOURCE = /^(Spot WS v2|Derivatives WS v1|Unnamed on the UWS page)\b/;
