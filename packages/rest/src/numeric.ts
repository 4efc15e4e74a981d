// The number coercer lives in @kraken-futures/core (one per project); re-exported for this package.
export { normaliseNumbers } from "@kraken-futures/core";
