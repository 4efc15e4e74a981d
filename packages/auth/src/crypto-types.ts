/** An HMAC-SHA-512 key prepared once by a crypto backend (a CryptoKey or a node KeyObject). */
// A string brand, not a unique symbol: type-checking may see this file twice (src and dist/*.d.ts,
// through the #crypto import map), and the two copies must be the same type.
export type HmacKey = { readonly __brand: "HmacKey" };

/**
 * What each runtime's crypto module provides. `#crypto` (package.json `imports`) picks
 * `crypto-node` under Node and `crypto-web` everywhere else, so browser bundles never see node:crypto.
 */
export interface CryptoBackend {
  /** Which implementation this is. */
  readonly name: "node" | "web";
  /** Prepares the decoded secret as an HMAC-SHA-512 key. */
  importHmacKey(secret: Uint8Array): Promise<HmacKey>;
  /**
   * base64(HMAC-SHA-512(key, UTF-8(prefix) ‖ SHA-256(UTF-8(message)))), the SHA-256 digest as raw bytes.
   * With the default empty prefix: Kraken Futures' Authent and signed_challenge; with the URI path as
   * prefix: Kraken Spot's API-Sign.
   */
  signDigest(key: HmacKey, message: string, prefix?: string): Promise<string>;
  /**
   * The same signature as {@link signDigest}, returned at once: only on a backend that signs
   * synchronously (node:crypto), for a key this backend prepared. WebCrypto has no such call.
   */
  readonly signDigestNow?: (key: HmacKey, message: string, prefix?: string) => string;
}
