/**
 * Kraken Futures authentication: request and WebSocket challenge signing, the one postData encoder,
 * nonces and credentials. WebCrypto everywhere, node:crypto under Node; the error base comes from
 * `@kraken-futures/core`, its one dependency.
 *
 * @packageDocumentation
 */
export {
  Credentials,
  type CredentialsInput,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  parseCredentials,
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
  KrakenFuturesError,
  nameErrorClasses,
  PostDataError,
  SigningError,
} from "./errors.js";
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
