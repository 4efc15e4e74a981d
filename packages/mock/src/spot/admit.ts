/**
 * Admission of a private Kraken Spot REST request, checked as Kraken does: the `API-Key` names a Spot
 * key (`EAPI:Invalid key`), the body (form or JSON) carries a `nonce` (`EAPI:Invalid nonce`), `API-Sign`
 * equals base64(HMAC-SHA-512(base64decode(secret), URI path ‖ SHA-256(nonce + body))) over the body
 * exactly as received (`EAPI:Invalid signature`), the nonce is above the key's last accepted one
 * (`EAPI:Invalid nonce`), and the arguments pass the plan generated from the operation's request-body
 * schema (`formFields` of `spot.server.gen.ts`), checked by core's argument checker, the one the clients
 * run (`EGeneral:Invalid arguments`).
 *
 * The expected signature is computed with `@kraken-futures/auth`'s `signSpotRequest`, which the mock
 * already depends on for Futures `Authent`, so signer and checker cannot drift apart; the tests sign
 * with their own node:crypto code.
 */
import { timingSafeEqual } from "node:crypto";
import { signSpotRequest } from "@kraken-futures/auth";
import type { BodyFieldDescription } from "@kraken-futures/core";
import { checkBodyArguments } from "@kraken-futures/core/object-arguments";
import type { ApiKeyPair, NonceTracker } from "../http/authent.js";
import type { Route } from "../http/routes.js";
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

/** What admission reads of a request: the server's view of it (its route carries the body's plan). */
export type SpotRequest = AdmitRequest;

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

/**
 * A form value as its plan takes it: digits where an integer (or number) is allowed, `true`/`false`
 * where a boolean is, else the text. The check then decides (`ofs=-1` stays text and is refused).
 */
function fromForm(field: BodyFieldDescription, raw: string): unknown {
  const types = field.anyOf ? field.anyOf.map((a) => a.type) : [field.type];
  if (/^\d+$/.test(raw) && types.some((t) => t === "integer" || t === "number")) return Number(raw);
  if ((raw === "true" || raw === "false") && types.includes("boolean")) return raw === "true";
  return raw;
}

/**
 * The declared arguments of the body (undeclared ones are ignored, as Kraken ignores them), read from a
 * form as their plans type them and checked with core's argument checker against the generated plan
 * (`formFields` of the server table; the spec gives the JSON body the same schema as the form's).
 */
function readArgs(
  route: Route,
  fields: Record<string, unknown>,
  nonce: string,
  form: boolean,
): { args: Record<string, unknown> } | { detail: string } {
  const plan = route.facts.formFields ?? [];
  const args: Record<string, unknown> = {};
  for (const field of plan) {
    if (!(field.name in fields)) continue;
    const v = fields[field.name];
    args[field.name] = form && typeof v === "string" ? fromForm(field, v) : v;
  }
  args.nonce = nonce;
  const issues = plan.length > 0 ? checkBodyArguments(plan, args) : undefined;
  return issues ? { detail: issues[0]!.message } : { args };
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
  const read = readArgs(r.route, body.fields, nonce, body.form);
  if ("detail" in read) return { ok: false, error: SPOT_ERRORS.invalidArguments, detail: read.detail };
  return { ok: true, apiKey: key.apiKey, args: read.args };
}
