// Over atob/btoa (in browsers, workers, Deno, Bun and Node ≥ 16; Buffer is Node-only), with the checks
// atob lacks: it is lenient (missing padding, whitespace), and credentials must be refused unless they
// are strict, canonical base64.

/** Standard base64 (RFC 4648 §4) with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
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
  const bad = input.slice(0, input.length - padding).search(/[^A-Za-z0-9+/]/);
  if (bad >= 0) {
    const hint = /[-_]/.test(input[bad]!) ? " ('-' or '_': base64url is not accepted)" : "";
    return { reason: `character ${bad + 1} is not in the base64 alphabet${hint}` };
  }
  const bytes = Uint8Array.from(atob(input), (c) => c.charCodeAt(0));
  // Non-zero unused bits in the last character: two different strings would decode to these bytes.
  if (encodeBase64(bytes) !== input) return { reason: "its last character has unused bits set" };
  return { bytes };
}
