/**
 * The operation model lives in `@kraken-futures/core` (one home per concept); re-exported here so
 * code that imported it from this package keeps working.
 */
export type {
  ApiDescription,
  JsonFieldDescription,
  JsonItemsDescription,
  NumericTree,
  OperationDescription,
  ParameterDescription,
  RateLimitPool,
  RateLimitRule,
  ValueBounds,
} from "@kraken-futures/core";
