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
  /** base64(HMAC-SHA-512(key, SHA-256(UTF-8 of message))): Kraken's Authent and signed_challenge. */
  signDigest(key: HmacKey, message: string): Promise<string>;
}
