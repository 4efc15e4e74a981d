// An independent reference for the tests: node:crypto for the hashes, and encoding done byte by byte
// from the RFC 3986 unreserved set (no encodeURIComponent, no URLSearchParams), so that a mistake in
// src/ cannot be repeated here by sharing code.
import { createHash, createHmac } from "node:crypto";

const UNRESERVED = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".split(""));

export function referencePercentEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.has(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** `digits × 10^exponent` in plain decimal, `digits` being a string of decimal digits. */
export function referenceDecimal(negative: boolean, digits: string, exponent: number): string {
  let text: string;
  if (exponent >= 0) {
    text = digits + "0".repeat(exponent);
  } else {
    const point = digits.length + exponent;
    text =
      point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${"0".repeat(-point)}${digits}`;
  }
  return negative ? `-${text}` : text;
}

export function referencePostData(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([key, value]) => `${referencePercentEncode(key)}=${referencePercentEncode(value)}`)
    .join("&");
}

export function referenceSign(secretBase64: string, message: string): string {
  const digest = createHash("sha256").update(Buffer.from(message, "utf8")).digest();
  return createHmac("sha512", Buffer.from(secretBase64, "base64")).update(digest).digest("base64");
}

export function referenceAuthent(
  secretBase64: string,
  postData: string,
  nonce: string,
  endpointPath: string,
): string {
  const path = /^\/derivatives(\/|$)/.test(endpointPath) ? endpointPath.slice(12) : endpointPath;
  return referenceSign(secretBase64, postData + nonce + path);
}

/**
 * Kraken Spot's API-Sign, written from the docs' formula without src/: HMAC-SHA-512 keyed with the
 * decoded secret, over the path bytes followed by the raw SHA-256 of nonce + postData.
 */
export function referenceSpotSign(
  secretBase64: string,
  uriPath: string,
  nonce: string,
  postData: string,
): string {
  const inner = createHash("sha256")
    .update(Buffer.from(nonce + postData, "utf8"))
    .digest();
  const message = Buffer.concat([Buffer.from(uriPath, "utf8"), inner]);
  return createHmac("sha512", Buffer.from(secretBase64, "base64")).update(message).digest("base64");
}

/**
 * Kraken's published Spot vector (docs.kraken.com/exchange/guides/rest/authentication, as recorded in
 * shared/reference/unified-ws.md §1.4), and the token request signed with the same secret and nonce
 * (derived there, not published by Kraken).
 */
export const SPOT_VECTORS = {
  published: {
    secret: "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==",
    nonce: "1616492376594",
    postData: "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25",
    uriPath: "/0/private/AddOrder",
    sign: "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==",
  },
  token: {
    secret: "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==",
    nonce: "1616492376594",
    postData: "nonce=1616492376594",
    uriPath: "/0/private/GetWebSocketsToken",
    sign: "+mRDmY9Ks0Moc1zjv/BjfvYa98buO0x1yHChZR5onlfAzAUbfIYlLggUZzdQ0RsmXm4Sh+Q8iAIZdo2wSeHeiA==",
  },
} as const;

/** The two public vectors of shared/reference/kraken-beyond-seeds.md. */
export const VECTORS = {
  challenge: {
    challenge: "c100b894-1729-464d-ace1-52dbce11db42",
    secret: "7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm",
    signed: "4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==",
  },
  rest: {
    secret: Buffer.from("python-kraken-sdk unit-test secret value", "ascii").toString("base64"),
    postData: "orderType=lmt&symbol=PI_XBTUSD",
    nonce: "1616492376594",
    endpointPath: "/derivatives/api/v3/sendorder",
    authent: "Txi+gJVXe3EN1brXYQ46FuV6UVtEVSKhc6dYMhPb7a/HXZLGvO6m9UUg+KVKqhLxrbllOPI7qRkHYmPfJZZSGA==",
  },
} as const;

/** The seed's example api_secret: 87 characters, not valid base64. */
export const SEED_SECRET =
  "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
/** The seed's example public key. */
export const SEED_KEY = "rRra59qKQs3y1egAgSaG0RJlBcbq97wTUXSxXxPdhRZdv7z9ijZRWgrf";
