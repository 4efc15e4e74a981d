// The success-shape check lives in core's pipeline (not part of any API); for this package's tests.
export { successProblem } from "@kraken-futures/core/internal";
