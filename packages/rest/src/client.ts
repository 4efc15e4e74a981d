/**
 * `createApiClient`: the core's `createHttpClient` (the one HTTP pipeline, in
 * `@kraken-futures/core/http`) with Kraken Futures credentials turned into its signer
 * (`futuresSigning` of `@kraken-futures/auth`). Kept here, with its options, so code that built its
 * own surface on `@kraken-futures/rest` keeps working.
 */
import { type Credentials, type CredentialsInput, futuresSigning, nextNonce } from "@kraken-futures/auth";
import type { ApiDescription } from "@kraken-futures/core";
import {
  type ApiClient,
  createHttpClient,
  type HttpClientOptions,
  type SurfaceOptions,
} from "@kraken-futures/core/http";

export {
  type ApiClient,
  DEFAULT_ORIGIN,
  DEFAULT_TIMEOUT_MS,
  type RefusedAnswer,
  type SurfaceOptions,
} from "@kraken-futures/core/http";

/** Options of {@link createApiClient} and `createRestClient`: the core's, plus Futures credentials. */
export interface ApiClientOptions extends HttpClientOptions {
  /**
   * Futures API key pair (not Spot keys). Parsed once at creation; a malformed secret throws a
   * `CredentialsError` here. Without credentials, signed operations throw `MissingCredentialsError`.
   */
  readonly credentials?: Credentials | CredentialsInput;
}

/**
 * Creates a typed client of one Kraken Futures HTTP surface from its operation table, signing with
 * `options.credentials` unless the surface brings its own signer. `Paths` is the surface's generated
 * openapi-typescript `paths`; see `SurfaceOptions` for what a surface may pass.
 *
 * @example
 * const trading = createApiClient<paths>(tradingApi, { credentials });
 * const { data } = await trading.GET("/openpositions");
 */
export function createApiClient<Paths extends {}>(
  api: ApiDescription,
  options: ApiClientOptions = {},
  surface: SurfaceOptions = {},
): ApiClient<Paths> {
  const { credentials, ...rest } = options;
  const futures = futuresSigning(credentials);
  return createHttpClient<Paths>(api, rest, {
    ...surface,
    signer: surface.signer ?? futures?.signer,
    signerKey: surface.signerKey ?? futures?.signerKey,
    nonce: surface.nonce ?? nextNonce,
  });
}
