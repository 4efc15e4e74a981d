/**
 * Kraken Futures authentication: request and WebSocket challenge signing, the one postData encoder,
 * nonces and credentials; and the Kraken Spot `API-Sign` signer that the Unified WebSocket's token
 * needs. WebCrypto everywhere, node:crypto under Node; the error base comes from
 * `@kraken-futures/core`, its one dependency.
 *
 * @packageDocumentation
 */
export {
  Credentials,
  type CredentialsInput,
  type KeyKind,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  parseCredentials,
  parseSpotCredentials,
  SpotCredentials,
} from "./credentials.js";
export { formatDecimal } from "./decimal.js";
export {
  encodePostData,
  type PostDataInput,
  type PostDataScalar,
  type PostDataValue,
  percentEncode,
} from "./encode.js";
export {
  CredentialsError,
  CredentialsKindError,
  KrakenFuturesError,
  nameErrorClasses,
  PostDataError,
  SigningError,
} from "./errors.js";
export { type FuturesSigning, futuresSigner, futuresSigning } from "./futures-signer.js";
export { createNonceSource, type NonceSourceOptions, nextNonce } from "./nonce.js";
export {
  type AuthHeaders,
  type AuthHeadersInput,
  authHeaders,
  cryptoBackend,
  endpointPathForSigning,
  type SignRequestInput,
  signChallenge,
  signRequest,
} from "./sign.js";
export {
  type SignSpotRequestInput,
  type SpotAuthHeaders,
  type SpotAuthHeadersInput,
  type SpotSignedRequest,
  type SpotSignedRequestInput,
  signSpotRequest,
  spotAuthHeaders,
  spotFormBody,
  spotPathForSigning,
  spotSignedRequest,
} from "./sign-spot.js";
