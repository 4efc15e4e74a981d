// Retries are a part of the core's HTTP pipeline; re-exported for code that imported them from here.
export { backoffDelay, DEFAULT_RETRY, isTransient, type RetryOptions } from "@kraken-futures/core/http";
