// The pipeline's internal request lives in core (not part of any API); for this package's tests.
export { headerRecord, LiteRequest, type LiteResponse } from "@kraken-futures/core/internal";
