import type { KeyObject } from "node:crypto";
import type { CryptoBackend, HmacKey } from "./crypto-types.js";

type NodeCrypto = Pick<typeof import("node:crypto"), "createHash" | "createHmac" | "createSecretKey">;

// node:crypto is loaded when the first key is prepared, not when the package is imported: importing
// it costs a fresh process a few milliseconds (issue 7), and many processes import the SDK without
// ever signing. Every key comes from importHmacKey, so signDigest finds the module loaded.
let nodeCrypto: NodeCrypto | undefined;
let loading: Promise<NodeCrypto> | undefined;

function load(): Promise<NodeCrypto> {
  loading ??= import("node:crypto").then((imported) => (nodeCrypto = imported));
  return loading;
}

/**
 * The node:crypto backend, chosen by the `node` condition of `#crypto`: synchronous OpenSSL calls
 * without WebCrypto's promise hops, several times faster per signature (see the README's numbers).
 */
export const backend: CryptoBackend = {
  name: "node",
  async importHmacKey(secret) {
    const { createSecretKey } = nodeCrypto ?? (await load());
    return createSecretKey(Uint8Array.from(secret)) as unknown as HmacKey;
  },
  async signDigest(key, message, prefix = "") {
    if (nodeCrypto === undefined) await load();
    return signDigestNow(key, message, prefix);
  },
  signDigestNow,
};

/**
 * The signature without a promise hop: a signed call's pipeline signs in the same tick, as a hand-
 * written client does (bench/README.md, REST round trip). Every key comes from importHmacKey, which
 * loaded node:crypto, so a key in hand means the module is here.
 */
function signDigestNow(key: HmacKey, message: string, prefix = ""): string {
  const { createHash, createHmac } = nodeCrypto!;
  const digest = createHash("sha256").update(message, "utf8").digest();
  const mac = createHmac("sha512", key as unknown as KeyObject);
  // Futures signs no prefix: skipping the empty update saves a call into OpenSSL per signature.
  if (prefix !== "") mac.update(prefix, "utf8");
  return mac.update(digest).digest("base64");
}
