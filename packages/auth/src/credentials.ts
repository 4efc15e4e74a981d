import { backend } from "#crypto";
import { decodeBase64Strict } from "./base64.js";
import type { HmacKey } from "./crypto-types.js";
import { CredentialsError } from "./errors.js";

/** A Kraken Futures API key pair as the user holds it: both strings, the secret in base64. */
export interface CredentialsInput {
  /** The public API key, sent in the `APIKey` header. */
  readonly apiKey: string;
  /** The private API secret, base64, as shown once when the key was created. Never sent. */
  readonly apiSecret: string;
}

/** Kraken secrets decode to 64 bytes; this range refuses truncated or mistyped ones without being brittle. */
export const MIN_SECRET_BYTES = 32;
/** Upper bound of a plausible decoded secret length, in bytes. */
export const MAX_SECRET_BYTES = 128;

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/** `ab…yz`: enough to tell keys apart in a log line, not enough to use one. */
function mask(apiKey: string): string {
  return apiKey.length >= 8 ? `${apiKey.slice(0, 2)}…${apiKey.slice(-2)}` : "…";
}

let hmacKeyOfCredentials: (credentials: Credentials) => Promise<HmacKey>;

/**
 * A validated Kraken Futures key pair. Build one with {@link parseCredentials} once at start-up and
 * share it: the secret is decoded once and its signing key prepared once, on first use.
 *
 * The secret cannot be read back. It lives in a private field, so it does not show in
 * `JSON.stringify` (which gives `{"apiKey":"ab…yz"}`), `util.inspect`/`console.log`
 * (`Credentials { apiKey: 'ab…yz' }`), `String()` or template literals (`Credentials(ab…yz)`),
 * `Object.keys`, spreading or `structuredClone` (no own enumerable properties).
 */
export class Credentials {
  readonly #apiKey: string;
  readonly #secret: Uint8Array;
  #hmacKey: Promise<HmacKey> | undefined;

  static {
    hmacKeyOfCredentials = (credentials) => credentials.#key();
  }

  /**
   * Validates a key pair; same as {@link parseCredentials}.
   * @throws {CredentialsError} see {@link parseCredentials}.
   */
  constructor(input: CredentialsInput) {
    if (input === null || typeof input !== "object") {
      throw new CredentialsError("credentials must be an object { apiKey, apiSecret }");
    }
    const { apiKey, apiSecret } = input;
    if (typeof apiKey !== "string") throw new CredentialsError("apiKey must be a string");
    if (typeof apiSecret !== "string") throw new CredentialsError("apiSecret must be a string");
    const key = apiKey.trim();
    if (key.length === 0) throw new CredentialsError("apiKey is empty");
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw new CredentialsError(
        "apiKey contains spaces or characters that cannot be sent in an HTTP header",
      );
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
        `apiSecret decodes to ${length} bytes; Kraken Futures secrets decode to 64 ` +
          `(accepted: ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES}). Is it the secret of a Kraken Futures key?`,
      );
    }
    this.#apiKey = key;
    this.#secret = decoded.bytes;
  }

  /** The public API key, for the `APIKey` header. */
  get apiKey(): string {
    return this.#apiKey;
  }

  #key(): Promise<HmacKey> {
    if (this.#hmacKey !== undefined) return this.#hmacKey;
    const pending = backend.importHmacKey(this.#secret);
    // A failed import (no WebCrypto) is not cached, so a later call can succeed.
    pending.catch(() => {
      if (this.#hmacKey === pending) this.#hmacKey = undefined;
    });
    this.#hmacKey = pending;
    return pending;
  }

  /** `{ apiKey: "ab…yz" }`: what `JSON.stringify` writes. */
  toJSON(): { apiKey: string } {
    return { apiKey: mask(this.#apiKey) };
  }

  /** `Credentials(ab…yz)`. */
  toString(): string {
    return `Credentials(${mask(this.#apiKey)})`;
  }

  /** What `util.inspect` and `console.log` show in Node. */
  [inspectCustom](): string {
    return `Credentials { apiKey: '${mask(this.#apiKey)}' }`;
  }
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
 */
export function parseCredentials(input: CredentialsInput | Credentials): Credentials {
  return input instanceof Credentials ? input : new Credentials(input);
}

/** The signing key of a secret given as `Credentials` or as a base64 string (decoded every call). */
export function hmacKeyOf(secret: Credentials | string): Promise<HmacKey> {
  if (secret instanceof Credentials) return hmacKeyOfCredentials(secret);
  if (typeof secret !== "string") {
    return Promise.reject(new CredentialsError("secret must be a Credentials object or a base64 string"));
  }
  try {
    // The placeholder key only satisfies validation; the key is never used on this path.
    return hmacKeyOfCredentials(new Credentials({ apiKey: "unused", apiSecret: secret }));
  } catch (error) {
    return Promise.reject(error);
  }
}
