import { KrakenFuturesError, nameErrorClasses } from "@kraken-futures/core/errors";

// The base class and its naming helper live in @kraken-futures/core (one home for the SDK's error base;
// its small `/errors` entry, so signing code never loads the WebSocket core);
// re-exported here so that `import { KrakenFuturesError } from "@kraken-futures/auth"` keeps working and
// names the very same class.
export { KrakenFuturesError, nameErrorClasses };

/**
 * A key pair was refused by {@link parseCredentials}: an empty or malformed API key, or an API secret that
 * is not strict base64 or decodes to an implausible length. The message says which field and why, and
 * never contains the key or the secret.
 */
export class CredentialsError extends KrakenFuturesError {}

/**
 * {@link encodePostData} was given something it will not encode: `null`, `NaN`, an infinite number, a
 * function, a cyclic object, a lone UTF-16 surrogate, or an input that is neither a plain object nor an
 * iterable of `[key, value]` pairs. The message names the offending key.
 */
export class PostDataError extends KrakenFuturesError {}

/**
 * A request could not be signed: an endpoint path that is not a path, `postData` that is not a string,
 * a request whose body cannot be signed, or a runtime without WebCrypto.
 */
export class SigningError extends KrakenFuturesError {}

nameErrorClasses({ CredentialsError, PostDataError, SigningError });
