// The sign stage and its signer type live in @kraken-futures/core/http; Kraken Futures' signer is
// `futuresSigner` of @kraken-futures/auth. Re-exported for code that imported them from here.
export type { SignedParts, SurfaceSigner, UnsignedRequest } from "@kraken-futures/core/http";
