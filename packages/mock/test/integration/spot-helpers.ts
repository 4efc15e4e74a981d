/**
 * Raw Spot REST helpers: fetch, `API-Sign` written here with node:crypto straight from Kraken's recipe
 * (not `@kraken-futures/auth`, which the server checks with), and ajv validation against the bundled
 * Spot document.
 */
import { createHash, createHmac } from "node:crypto";
import { loadSpec } from "@kraken-futures/specs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { DEFAULT_SPOT_TEST_KEY } from "../../src/keys.js";

/** API-Sign: base64(HMAC-SHA-512(b64decode(secret), path ‖ SHA-256(nonce + body))). */
export function apiSign(secret: string, path: string, nonce: string, body: string): string {
  const digest = createHash("sha256")
    .update(nonce + body)
    .digest();
  return createHmac("sha512", Buffer.from(secret, "base64"))
    .update(Buffer.concat([Buffer.from(path), digest]))
    .digest("base64");
}

let counter = 1_764_650_400_000_000;
/** A fresh, increasing nonce (16 digits). */
export const spotNonce = () => String(++counter);

export interface SpotCall {
  /** Form arguments besides the nonce, or a JSON body text (sent as is, with `json: true`). */
  args?: Record<string, string | number | boolean>;
  /** Send `args` (plus the nonce) as a JSON body instead of a form. */
  json?: boolean;
  key?: { apiKey: string; apiSecret: string };
  /** The nonce to put in the body; `null` sends none. */
  nonce?: string | null;
  /** Change the signature after signing (to test refusals). */
  tamper?: (sign: string) => string;
  /** Leave API-Sign out. */
  unsigned?: boolean;
}

/** A signed POST to `${origin}/0/private/${method}`; returns the HTTP status and parsed body. */
export async function spot(
  origin: string,
  method: string,
  o: SpotCall = {},
): Promise<{ status: number; body: { error: string[]; result?: unknown } }> {
  const path = `/0/private/${method}`;
  const key = o.key ?? DEFAULT_SPOT_TEST_KEY;
  const nonce = o.nonce === undefined ? spotNonce() : o.nonce;
  let body: string;
  if (o.json) {
    body = JSON.stringify(nonce === null ? { ...o.args } : { nonce, ...o.args });
  } else {
    const form = new URLSearchParams();
    if (nonce !== null) form.set("nonce", nonce);
    for (const [k, v] of Object.entries(o.args ?? {})) form.set(k, String(v));
    body = form.toString();
  }
  const headers: Record<string, string> = {
    "API-Key": key.apiKey,
    "content-type": o.json ? "application/json" : "application/x-www-form-urlencoded",
  };
  if (!o.unsigned) {
    const sign = apiSign(key.apiSecret, path, nonce ?? "", body);
    headers["API-Sign"] = o.tamper ? o.tamper(sign) : sign;
  }
  const res = await fetch(`${origin}${path}`, { method: "POST", headers, body });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
export const spotDoc = loadSpec("spot") as Record<string, unknown> & {
  paths: Record<string, Record<string, { operationId: string }>>;
};
ajv.addSchema({ ...spotDoc, $id: "spot" } as object, "spot");

/** ajv's errors of `body` against the 200 schema of a Spot operation; empty when it validates. */
export function spotSchemaErrors(operationId: string, body: unknown): string[] {
  for (const [path, item] of Object.entries(spotDoc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.operationId !== operationId) continue;
      const pointer = `spot#/paths/${path.replaceAll("/", "~1")}/${method}/responses/200/content/application~1json/schema`;
      const validate = ajv.getSchema(pointer);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    }
  }
  throw new Error(`operation ${operationId} not in the Spot document`);
}

/** ajv's errors of `body` against one named component schema of the Spot document. */
export function spotComponentErrors(name: string, body: unknown): string[] {
  const validate = ajv.getSchema(`spot#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
