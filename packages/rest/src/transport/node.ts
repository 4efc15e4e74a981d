// The Node transport lives in core (chosen by its `#transport` import condition); for this package's tests.
export { createDefaultTransport } from "@kraken-futures/core/internal";
