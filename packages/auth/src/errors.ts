/**
 * The one base class of every error thrown by the `@kraken-futures/*` packages.
 *
 * Callers branch on the subclass (`instanceof CredentialsError`, …) or on `name`, which is always the
 * subclass name, so it survives `JSON.stringify`, logging and bundlers that mangle class names. The
 * underlying error, when there is one, is kept in `cause`. Messages name what failed (a method, a path,
 * a field) and never contain a secret or an API key.
 *
 * Other packages of the SDK extend this class; import it from `@kraken-futures/auth`.
 */
export class KrakenFuturesError extends Error {
  /**
   * @param message what failed, for humans; never a secret.
   * @param options `cause`: the error this one wraps, if any.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // new.target is the most derived class, so subclasses need not set their own name.
    Object.defineProperty(this, "name", {
      value: new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}

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
