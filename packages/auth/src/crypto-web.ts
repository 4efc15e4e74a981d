import { encodeBase64 } from "./base64.js";
import type { CryptoBackend, HmacKey } from "./crypto-types.js";
import { SigningError } from "./errors.js";

const utf8 = new TextEncoder();

function subtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new SigningError(
      "WebCrypto (globalThis.crypto.subtle) is not available; browsers only provide it on secure (https) pages",
    );
  }
  return subtle;
}

/** The WebCrypto backend: browsers, Deno, Bun, workers, and Node when `#crypto` resolves here. */
export const backend: CryptoBackend = {
  name: "web",
  async importHmacKey(secret) {
    const key = await subtle().importKey(
      "raw",
      new Uint8Array(secret),
      { name: "HMAC", hash: "SHA-512" },
      false,
      ["sign"],
    );
    return key as unknown as HmacKey;
  },
  async signDigest(key, message, prefix = "") {
    const crypto = subtle();
    const digest = new Uint8Array(await crypto.digest("SHA-256", utf8.encode(message)));
    const head = utf8.encode(prefix);
    // Spot's API-Sign MACs the path bytes followed by the digest; Futures passes no prefix.
    let signed = digest;
    if (head.length > 0) {
      signed = new Uint8Array(head.length + digest.length);
      signed.set(head);
      signed.set(digest, head.length);
    }
    const mac = await crypto.sign("HMAC", key as unknown as CryptoKey, signed);
    return encodeBase64(new Uint8Array(mac));
  },
};
