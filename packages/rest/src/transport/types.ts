// The transport interface lives in the core's HTTP pipeline; re-exported for code that imported it here.
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_SOCKETS,
  type Fetch,
  type TransportOptions,
} from "@kraken-futures/core/http";
