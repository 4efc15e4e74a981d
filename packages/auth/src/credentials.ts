import { backend } from "#crypto";
import { decodeBase64Strict } from "./base64.js";
import type { HmacKey } from "./crypto-types.js";
import { CredentialsError, CredentialsKindError } from "./errors.js";

/** A Kraken API key pair as the user holds it: both strings, the secret in base64. */
export interface CredentialsInput {
  /** The public API key, sent in the `APIKey` (Futures) or `API-Key` (Spot) header. */
  readonly apiKey: string;
  /** The private API secret, base64, as shown once when the key was created. Never sent. */
  readonly apiSecret: string;
}

/**
 * Which Kraken API a key belongs to. Kraken Futures (Derivatives) keys and Kraken (Spot) keys are
 * created on different sites and are not interchangeable: the Unified WebSocket's token comes from
 * Spot REST and needs a Spot key.
 */
export type KeyKind = "futures" | "spot";

/** Kraken secrets decode to 64 bytes; this range refuses truncated or mistyped ones without being brittle. */
export const MIN_SECRET_BYTES = 32;
/** Upper bound of a plausible decoded secret length, in bytes. */
export const MAX_SECRET_BYTES = 128;

const PRODUCT: Readonly<Record<KeyKind, string>> = { futures: "Kraken Futures", spot: "Kraken Spot" };

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/** `ab…yz`: enough to tell keys apart in a log line, not enough to use one. */
function mask(apiKey: string): string {
  return apiKey.length >= 8 ? `${apiKey.slice(0, 2)}…${apiKey.slice(-2)}` : "…";
}

/** Validates a key pair for `kind`; the messages never contain the key or the secret. */
function validate(input: CredentialsInput, kind: KeyKind): { apiKey: string; secret: Uint8Array } {
  if (input === null || typeof input !== "object") {
    throw new CredentialsError("credentials must be an object { apiKey, apiSecret }");
  }
  const { apiKey, apiSecret } = input;
  if (typeof apiKey !== "string") throw new CredentialsError("apiKey must be a string");
  if (typeof apiSecret !== "string") throw new CredentialsError("apiSecret must be a string");
  const key = apiKey.trim();
  if (key.length === 0) throw new CredentialsError("apiKey is empty");
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new CredentialsError("apiKey contains spaces or characters that cannot be sent in an HTTP header");
  }
  const decoded = decodeBase64Strict(apiSecret.trim());
  if ("reason" in decoded) {
    throw new CredentialsError(
      `apiSecret is not strict base64: ${decoded.reason}. Copy the secret again from Kraken's API key page`,
    );
  }
  const length = decoded.bytes.length;
  if (length < MIN_SECRET_BYTES || length > MAX_SECRET_BYTES) {
    throw new CredentialsError(
      `apiSecret decodes to ${length} bytes; ${PRODUCT[kind]} secrets decode to 64 ` +
        `(accepted: ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES}). Is it the secret of a ${PRODUCT[kind]} key?`,
    );
  }
  return { apiKey: key, secret: decoded.bytes };
}

let hmacKeyOfPair: (pair: KeyPair) => Promise<HmacKey>;
/**
 * The signing key of `credentials` if it is prepared already (a first signature has awaited
 * {@link hmacKeyOf}), else `undefined`: lets a signer on a synchronous backend skip the promise.
 */
export let readyHmacKeyOf: (credentials: Credentials | SpotCredentials) => HmacKey | undefined;

/**
 * What both kinds of credentials share: the validated key, the decoded secret in a private field, and
 * the signing key prepared once on first use. Not exported: a key pair is always one kind or the other.
 */
abstract class KeyPair {
  readonly #apiKey: string;
  readonly #secret: Uint8Array;
  readonly #label: string;
  #hmacKey: Promise<HmacKey> | undefined;
  /** The signing key once its preparation has settled: what a synchronous signature needs. */
  #readyKey: HmacKey | undefined;

  static {
    hmacKeyOfPair = (pair) => pair.#key();
    readyHmacKeyOf = (pair) => pair.#readyKey;
  }

  /** Which Kraken API this key belongs to. */
  abstract get kind(): KeyKind;

  protected constructor(input: CredentialsInput, kind: KeyKind, label: string) {
    if (input instanceof KeyPair) throw wrongKind(kind, input.kind);
    const { apiKey, secret } = validate(input, kind);
    this.#apiKey = apiKey;
    this.#secret = secret;
    this.#label = label;
  }

  /** The public API key, for the `APIKey` (Futures) or `API-Key` (Spot) header. */
  get apiKey(): string {
    return this.#apiKey;
  }

  #key(): Promise<HmacKey> {
    if (this.#hmacKey !== undefined) return this.#hmacKey;
    const pending = backend.importHmacKey(this.#secret);
    // A failed import (no WebCrypto) is not cached, so a later call can succeed.
    pending.then(
      (key) => {
        if (this.#hmacKey === pending) this.#readyKey = key;
      },
      () => {
        if (this.#hmacKey === pending) this.#hmacKey = undefined;
      },
    );
    this.#hmacKey = pending;
    return pending;
  }

  /** `{ apiKey: "ab…yz" }`: what `JSON.stringify` writes. */
  toJSON(): { apiKey: string } {
    return { apiKey: mask(this.#apiKey) };
  }

  /** `Credentials(ab…yz)` or `SpotCredentials(ab…yz)`. */
  toString(): string {
    return `${this.#label}(${mask(this.#apiKey)})`;
  }

  /** What `util.inspect` and `console.log` show in Node. */
  [inspectCustom](): string {
    return `${this.#label} { apiKey: '${mask(this.#apiKey)}' }`;
  }
}

/**
 * A validated Kraken Futures key pair. Build one with {@link parseCredentials} once at start-up and
 * share it: the secret is decoded once and its signing key prepared once, on first use.
 *
 * The secret cannot be read back. It lives in a private field, so it does not show in
 * `JSON.stringify` (which gives `{"apiKey":"ab…yz"}`), `util.inspect`/`console.log`
 * (`Credentials { apiKey: 'ab…yz' }`), `String()` or template literals (`Credentials(ab…yz)`),
 * `Object.keys`, spreading or `structuredClone` (no own enumerable properties).
 *
 * It signs Futures calls only: passing it where a {@link SpotCredentials} is expected fails to
 * compile, and at run time throws {@link CredentialsKindError}.
 */
export class Credentials extends KeyPair {
  /**
   * Validates a key pair; same as {@link parseCredentials}.
   * @throws {CredentialsError} see {@link parseCredentials}.
   */
  constructor(input: CredentialsInput) {
    super(input, "futures", "Credentials");
  }

  /** Always `"futures"`: a Kraken Futures (Derivatives) key. */
  get kind(): "futures" {
    return "futures";
  }
}

/**
 * A validated Kraken (Spot) key pair, for Spot REST calls signed with `API-Sign`: the Unified
 * WebSocket token (`GetWebSocketsToken`), ledgers and trade volume. Build one with
 * {@link parseSpotCredentials}. It hides its secret exactly like {@link Credentials}
 * (`SpotCredentials { apiKey: 'ab…yz' }`).
 *
 * It signs Spot calls only: passing it where a Futures {@link Credentials} is expected fails to
 * compile, and at run time throws {@link CredentialsKindError}.
 */
export class SpotCredentials extends KeyPair {
  /**
   * Validates a key pair; same as {@link parseSpotCredentials}.
   * @throws {CredentialsError} see {@link parseSpotCredentials}.
   */
  constructor(input: CredentialsInput) {
    super(input, "spot", "SpotCredentials");
  }

  /** Always `"spot"`: a Kraken (Spot) key. */
  get kind(): "spot" {
    return "spot";
  }
}

/** The typed refusal of a key of the wrong kind (also used by the Spot signer). */
export function wrongKind(expected: KeyKind, received: KeyKind): CredentialsKindError {
  const parse = expected === "spot" ? "parseSpotCredentials" : "parseCredentials";
  return new CredentialsKindError(
    `a ${PRODUCT[received]} key cannot sign a ${PRODUCT[expected]} request; ` +
      `create a ${PRODUCT[expected]} API key and parse it with ${parse}`,
    { expected, received },
  );
}

/**
 * Validates a Kraken Futures key pair once, for use by {@link signRequest}, {@link authHeaders} and
 * {@link signChallenge}. Surrounding whitespace (a trailing newline from a file) is ignored. Passing a
 * `Credentials` returns it as it is.
 *
 * @see https://docs.kraken.com/exchange/guides/futures/rest (Generate API keys)
 * @throws {CredentialsError} if the key is empty or holds characters an HTTP header cannot carry, or
 * the secret is not strict, canonical base64 (the right alphabet, padding, and a length that is a
 * multiple of 4), or decodes to fewer than 32 or more than 128 bytes (Kraken's decode to 64). The
 * message never contains the key or the secret.
 * @throws {CredentialsKindError} if given a {@link SpotCredentials}.
 */
export function parseCredentials(input: CredentialsInput | Credentials): Credentials {
  return input instanceof Credentials ? input : new Credentials(input);
}

/**
 * Validates a Kraken (Spot) key pair once, for use by {@link signSpotRequest} and
 * {@link spotAuthHeaders}, with the same rules as {@link parseCredentials}. Passing a
 * `SpotCredentials` returns it as it is.
 *
 * @see https://docs.kraken.com/exchange/guides/rest/authentication
 * @throws {CredentialsError} for the same reasons as {@link parseCredentials}.
 * @throws {CredentialsKindError} if given a Futures {@link Credentials}.
 */
export function parseSpotCredentials(input: CredentialsInput | SpotCredentials): SpotCredentials {
  return input instanceof SpotCredentials ? input : new SpotCredentials(input);
}

/**
 * The signing key of a secret given as credentials of `kind` or as a base64 string (decoded every
 * call). Credentials of the other kind are refused with {@link CredentialsKindError}.
 */
export function hmacKeyOf(
  secret: Credentials | SpotCredentials | string,
  kind: KeyKind = "futures",
): Promise<HmacKey> {
  if (secret instanceof KeyPair) {
    return secret.kind === kind ? hmacKeyOfPair(secret) : Promise.reject(wrongKind(kind, secret.kind));
  }
  if (typeof secret !== "string") {
    const what = kind === "spot" ? "a SpotCredentials object" : "a Credentials object";
    return Promise.reject(new CredentialsError(`secret must be ${what} or a base64 string`));
  }
  try {
    // The placeholder key only satisfies validation; the key is never used on this path.
    const input = { apiKey: "unused", apiSecret: secret };
    return hmacKeyOfPair(kind === "spot" ? new SpotCredentials(input) : new Credentials(input));
  } catch (error) {
    return Promise.reject(error);
  }
}
