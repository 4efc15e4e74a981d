/**
 * The refusals the UWS side sends (`success: false`, `error`). Strings documented on UWS pages are used
 * verbatim (they are the spec's `AckError` enum); where the pages are silent the mock follows their
 * pattern (a parameter error quotes its JSON path in single quotes; a state error is a plain sentence)
 * and packages/mock/README.md lists them as assumptions.
 */

export const UWS_ERRORS = {
  // Documented on UWS pages (the spec's AckError enum).
  marginSnapshot: "'params.snapshot' is not valid for the margin channel",
  ledgersAssetClass: "'params.asset_class' is not valid for the ledgers channel",
  alreadyMargin: "Already subscribed to margin channel",
  alreadyPositions: "Already subscribed to positions channel",
  // Assumptions in the documented pattern.
  malformed: "Malformed request",
  unknownMethod: (method: string) => `Unsupported method: '${method}'`,
  missing: (path: string) => `'${path}' is required`,
  invalid: (path: string) => `'${path}' is not valid`,
  unknownChannel: (channel: string) => `Unknown 'params.channel': '${channel}'`,
  wrongHost: (channel: string) => `Channel ${channel} is not served on this endpoint`,
  notServed: (channel: string) => `Channel ${channel} is not served by this mock yet`,
  heartbeat: "Channel heartbeat is sent automatically and cannot be subscribed",
  unknownSymbol: (symbol: string) => `Unknown 'params.symbol': '${symbol}'`,
  notSubscribed: (channel: string) => `Not subscribed to ${channel} channel`,
  orderUserref: "'params.order_userref' is not valid for derivatives",
  orderNotFound: "Order not found",
  batchSize: (min: number, max: number) => `'params.orders' must hold ${min} to ${max} orders`,
  batchCancelSize: "'params.orders' and 'params.cl_ord_id' must hold 2 to 50 ids in total",
  deadline: "'params.deadline' must be 500 ms to 60 s ahead",
  deadlinePassed: "Deadline passed before the request reached the engine",
  rateLimit: "Exceeded msg rate",
  level3Symbols: (max: number) => `'params.symbol' exceeds ${max} level3 symbols per connection`,
  snapshotWithMargin: "'params.with_margin' cannot be combined with 'params.snapshot'",
  unknownLeverageSymbol: "Unknown 'params.leverage_mode.symbol'",
  leverageRange: "Leverage is outside the permitted range for this market",
} as const;

/** Engine statuses of a refused order, in the words of Kraken's Spot v2 order errors (assumption). */
export const ORDER_REFUSALS: Readonly<Record<string, string>> = {
  insufficientAvailableFunds: "EOrder:Insufficient margin",
  invalidSize: "EOrder:Invalid order quantity",
  invalidPrice: "EOrder:Invalid price",
  maxPositionViolation: "EOrder:Position limit exceeded",
  wouldNotReducePosition: "EOrder:Reduce only:Non-PC",
  clientOrderIdAlreadyExist: "EOrder:Duplicate cl_ord_id",
  postWouldExecute: "EOrder:Post only order",
  iocWouldNotExecute: "EOrder:Order would not execute",
  selfFill: "EOrder:Self trade prevented",
  wouldProcessAfterSpecifiedTime: "Deadline passed before the request reached the engine",
  orderForEditNotFound: "Order not found",
  notFound: "Order not found",
  filled: "Order already filled",
};
