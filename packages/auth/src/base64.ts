// Hand-written because Buffer is Node-only and atob() is lenient (it accepts missing padding and
// whitespace), while credentials must be refused unless they are strict, canonical base64.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 (RFC 4648 §4) with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + "=";
  }
  return out;
}

/**
 * Decodes strict, canonical base64, or returns a reason why the input is not. The reason never quotes
 * the input, because the input is a secret.
 */
export function decodeBase64Strict(input: string): { bytes: Uint8Array } | { reason: string } {
  if (input.length === 0) return { reason: "it is empty" };
  if (input.length % 4 !== 0) {
    return {
      reason: `its length (${input.length}) is not a multiple of 4, so characters are missing or extra`,
    };
  }
  const padding = input.endsWith("==") ? 2 : input.endsWith("=") ? 1 : 0;
  const body = input.length - padding;
  for (let i = 0; i < body; i++) {
    const c = input.charCodeAt(i);
    if (c >= 128 || DECODE[c] === -1) {
      const hint = c === 0x2d || c === 0x5f ? " ('-' or '_': base64url is not accepted)" : "";
      return { reason: `character ${i + 1} is not in the base64 alphabet${hint}` };
    }
  }
  const bytes = new Uint8Array((body * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body; i++) {
    acc = (acc << 6) | DECODE[input.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
  }
  // Non-zero leftover bits mean two different strings decode to the same bytes: not canonical.
  if ((acc & ((1 << bits) - 1)) !== 0) return { reason: "its last character has unused bits set" };
  return { bytes };
}
