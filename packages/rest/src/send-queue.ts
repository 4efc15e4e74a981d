// The rate-limit lane is a stage of the core's HTTP pipeline; re-exported for code that imported it here.
export {
  type RateLimitPolicy,
  type Release,
  SendQueue,
  type SendQueueOptions,
  type Sleep,
} from "@kraken-futures/core/http";
