/**
 * The one base class of every error thrown by the `@kraken-futures/*` packages.
 *
 * Callers branch on the subclass (`instanceof CredentialsError`, …) or on `name`, which is always the
 * subclass name, so it survives `JSON.stringify`, logging and bundlers that mangle class names. The
 * underlying error, when there is one, is kept in `cause`. Messages name what failed (a method, a path,
 * a field) and never contain a secret or an API key.
 *
 * Other packages of the SDK extend this class. It lives in `@kraken-futures/core`;
 * `@kraken-futures/auth` re-exports the same class, so `instanceof` holds whichever import is used.
 */
export class KrakenFuturesError extends Error {
  /**
   * @param message what failed, for humans; never a secret.
   * @param options `cause`: the error this one wraps, if any.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // A name registered with nameErrorClasses survives minifiers, which rename classes; otherwise
    // new.target (the most derived class) gives it, so users' own subclasses need not set one.
    const proto = new.target.prototype;
    Object.defineProperty(this, "name", {
      value: Object.hasOwn(proto, "name") ? proto.name : new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}

/**
 * Pins each class's `name` on its prototype from the object's keys: string keys survive minification,
 * class names do not (a minified browser bundle would otherwise report `"k"`). Every error module of
 * the SDK registers its classes with it.
 */
export function nameErrorClasses(
  classes: Readonly<Record<string, abstract new (...args: never[]) => Error>>,
): void {
  for (const [name, type] of Object.entries(classes)) {
    Object.defineProperty(type.prototype, "name", { value: name, writable: true, configurable: true });
  }
}

/**
 * `encodePostData` was given something it will not encode: `null`, `NaN`, an infinite number, a
 * function, a cyclic object, a lone UTF-16 surrogate, or an input that is neither a plain object nor an
 * iterable of `[key, value]` pairs. The message names the offending key.
 */
export class PostDataError extends KrakenFuturesError {}

/**
 * A request could not be signed: an endpoint path that is not a path, `postData` that is not a string,
 * a request whose body cannot be signed, or a runtime without WebCrypto.
 */
export class SigningError extends KrakenFuturesError {}

nameErrorClasses({ KrakenFuturesError, PostDataError, SigningError });
