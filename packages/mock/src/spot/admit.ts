/**
 * Admission of a private Kraken Spot REST request, checked as Kraken does: the `API-Key` names a Spot
 * key (`EAPI:Invalid key`), the body (form or JSON) carries a `nonce` (`EAPI:Invalid nonce`), `API-Sign`
 * equals base64(HMAC-SHA-512(base64decode(secret), URI path ‖ SHA-256(nonce + body))) over the body
 * exactly as received (`EAPI:Invalid signature`), the nonce is above the key's last accepted one
 * (`EAPI:Invalid nonce`), and the arguments conform to the operation's request-body schema
 * (`EGeneral:Invalid arguments`).
 *
 * The expected signature is computed with `@kraken-futures/auth`'s `signSpotRequest`, which the mock
 * already depends on for Futures `Authent`, so signer and checker cannot drift apart; the tests sign
 * with their own node:crypto code.
 */
import { timingSafeEqual } from "node:crypto";
import { signSpotRequest } from "@kraken-futures/auth";
import type { ApiKeyPair, NonceTracker } from "../http/authent.js";
import type { Route } from "../http/routes.js";
import { checkSchema, type JsonSchema, resolveRef } from "../http/schema-check.js";
import type { AdmitRequest } from "../http/surface.js";

/** Kraken's Spot error strings the mock answers with (`SpotError` in the spec). */
export const SPOT_ERRORS = {
  invalidKey: "EAPI:Invalid key",
  invalidSignature: "EAPI:Invalid signature",
  invalidNonce: "EAPI:Invalid nonce",
  rateLimit: "EAPI:Rate limit exceeded",
  invalidArguments: "EGeneral:Invalid arguments",
  unknownMethod: "EGeneral:Unknown method",
  internal: "EGeneral:Internal error",
} as const;

/** What admission reads of a request: the server's view of it, and the spec document for `$ref`s. */
export interface SpotRequest extends AdmitRequest {
  readonly document: unknown;
}

/** The key and checked arguments of an admitted request, or Kraken's error string. */
export type SpotAdmission =
  | { readonly ok: true; readonly apiKey: string; readonly args: Record<string, unknown> }
  | { readonly ok: false; readonly error: string; readonly detail?: string };

const NONCE = /^(0|[1-9][0-9]{0,19})$/;
const MAX_UINT64 = 2n ** 64n - 1n;

/** The body's fields and its nonce as written (JSON numbers keep their digits: read from the text). */
function readBody(
  body: string,
  contentType: string | undefined,
): { fields: Record<string, unknown>; nonce?: string; form: boolean } | undefined {
  const json = (contentType ?? "").includes("json") || body.trimStart().startsWith("{");
  if (!json) {
    const form = new URLSearchParams(body);
    const fields: Record<string, unknown> = {};
    for (const [k, v] of form) fields[k] ??= v;
    return { fields, nonce: form.get("nonce") ?? undefined, form: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const m = /"nonce"\s*:\s*("?)([0-9]+)\1/.exec(body);
  return { fields: { ...(parsed as Record<string, unknown>) }, nonce: m?.[2], form: false };
}

type Operations = Record<
  string,
  Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>
>;

/** The body schema's declared properties, resolved (the operation's form body in the Spot document). */
function bodySchema(document: unknown, route: Route): Record<string, unknown> | undefined {
  const op = (document as { paths?: Operations }).paths?.[route.path]?.[route.method.toLowerCase()];
  let s = op?.requestBody?.content?.["application/x-www-form-urlencoded"]?.schema as
    | Record<string, unknown>
    | undefined;
  while (s && typeof s.$ref === "string") s = resolveRef(document, s.$ref) as Record<string, unknown>;
  return s;
}

/** A form value turned into what its schema takes: integers, booleans, or the text. */
function coerceForm(document: unknown, schema: JsonSchema, raw: string): unknown {
  if (/^\d+$/.test(raw) && checkSchema(document, schema, Number(raw)) === undefined) return Number(raw);
  if ((raw === "true" || raw === "false") && checkSchema(document, schema, raw === "true") === undefined)
    return raw === "true";
  return raw;
}

/** The declared arguments of the body, coerced (form) and checked against the schema. */
function readArgs(
  document: unknown,
  route: Route,
  fields: Record<string, unknown>,
  nonce: string,
  form: boolean,
): { args: Record<string, unknown> } | { detail: string } {
  const schema = bodySchema(document, route);
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const args: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(props)) {
    if (!(name in fields)) continue;
    const v = fields[name];
    args[name] = form && typeof v === "string" ? coerceForm(document, sub, v) : v;
  }
  args.nonce = nonce;
  const problem = schema ? checkSchema(document, schema as JsonSchema, args) : undefined;
  return problem ? { detail: problem } : { args };
}

/** True when `sign` is the request's signature under `secret`. */
async function signatureMatches(
  sign: string,
  secret: string,
  r: SpotRequest,
  nonce: string,
): Promise<boolean> {
  let expected: string;
  try {
    expected = await signSpotRequest({ uriPath: r.pathname, nonce, postData: r.body, secret });
  } catch {
    // A body carrying the nonce twice, or differently: not what any signer signs.
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(sign);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a private Spot request in Kraken's order: key, body, nonce present, signature, nonce order,
 * arguments. A refused nonce is not recorded, so a request refused for its signature does not burn it.
 */
export async function admitSpot(
  r: SpotRequest,
  keys: ReadonlyMap<string, ApiKeyPair>,
  nonces: NonceTracker,
): Promise<SpotAdmission> {
  const apiKey = r.header("api-key");
  const key = apiKey === undefined ? undefined : keys.get(apiKey);
  if (!key) return { ok: false, error: SPOT_ERRORS.invalidKey };
  const body = readBody(r.body, r.header("content-type"));
  if (!body) return { ok: false, error: SPOT_ERRORS.invalidArguments, detail: "body" };
  const { nonce } = body;
  if (nonce === undefined || !NONCE.test(nonce) || BigInt(nonce) > MAX_UINT64)
    return { ok: false, error: SPOT_ERRORS.invalidNonce };
  const sign = r.header("api-sign");
  if (sign === undefined || !(await signatureMatches(sign, key.apiSecret, r, nonce)))
    return { ok: false, error: SPOT_ERRORS.invalidSignature };
  if (nonces.accept(key.apiKey, nonce) !== undefined) return { ok: false, error: SPOT_ERRORS.invalidNonce };
  const read = readArgs(r.document, r.route, body.fields, nonce, body.form);
  if ("detail" in read) return { ok: false, error: SPOT_ERRORS.invalidArguments, detail: read.detail };
  return { ok: true, apiKey: key.apiKey, args: read.args };
}
