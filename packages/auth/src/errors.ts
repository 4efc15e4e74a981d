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
 * A key pair was refused by {@link parseCredentials}: an empty or malformed API key, or an API secret that
 * is not strict base64 or decodes to an implausible length. The message says which field and why, and
 * never contains the key or the secret.
 */
export class CredentialsError extends KrakenFuturesError {}

/**
 * A key of one Kraken API was given where the other's is needed: a Futures {@link Credentials} to sign
 * a Spot call, or {@link SpotCredentials} to sign a Futures call. The two kinds of keys are created
 * separately and Kraken refuses a signature made with the wrong one, so this is caught before anything
 * is sent. `expected` and `received` name the two kinds; the message never contains the key.
 */
export class CredentialsKindError extends CredentialsError {
  /** The kind of key the call needs. */
  readonly expected: "futures" | "spot";
  /** The kind of key that was given. */
  readonly received: "futures" | "spot";

  /**
   * @param message what was refused, for humans; never the key.
   * @param kinds the kind needed and the kind given.
   */
  constructor(message: string, kinds: { expected: "futures" | "spot"; received: "futures" | "spot" }) {
    super(message);
    this.expected = kinds.expected;
    this.received = kinds.received;
  }
}

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

nameErrorClasses({
  KrakenFuturesError,
  CredentialsError,
  CredentialsKindError,
  PostDataError,
  SigningError,
});
