// Lives in @kraken-futures/core beside the encoder that uses it; re-exported so auth's API is unchanged.
export { formatDecimal } from "@kraken-futures/core/encode";
