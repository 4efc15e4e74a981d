/**
 * Raw HTTP helpers for the integration tests. The signing here is written independently of
 * `@kraken-futures/auth` (node:crypto, straight from the seed's recipe), so the tests check the server
 * against the recipe, not against the code the server uses.
 */
import { createHash, createHmac } from "node:crypto";
import { loadSpec } from "@kraken-futures/specs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { manualClock } from "../../src/engine/clock.js";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import { type MockExchangeOptions, startMockExchange } from "../../src/start.js";

/** Authent per the seed: base64(HMAC-SHA-512(b64decode(secret), SHA-256(postData + nonce + path))). */
export function authent(secret: string, postData: string, nonce: string, path: string): string {
  const digest = createHash("sha256")
    .update(postData + nonce + path)
    .digest();
  return createHmac("sha512", Buffer.from(secret, "base64")).update(digest).digest("base64");
}

export type Body = Record<string, unknown> & { result: string; serverTime: string; error?: string };

let nonceCounter = 1_700_000_000_000;
export const nextNonce = () => String(++nonceCounter);

/** Starts a mock on a manual clock; remember to stop it. */
export async function start(options: MockExchangeOptions = {}) {
  const clock = manualClock();
  const mock = await startMockExchange({ clock, ...options });
  return { mock, clock };
}

export interface CallOptions {
  method?: string;
  /** Query string (already encoded), without `?`. */
  query?: string;
  /** Form body (already encoded). */
  form?: string;
  /** Sign the request (default: true when a key is given). */
  key?: { apiKey: string; apiSecret: string } | null;
  nonce?: string | null;
  /** Override what is signed (to test refusals). */
  signed?: { postData?: string; nonce?: string; path?: string };
}

/** Calls `${origin}${path}` with raw fetch, signing with the default test key unless `key: null`. */
export async function call(
  origin: string,
  path: string,
  o: CallOptions = {},
): Promise<{ status: number; body: Body }> {
  const method = o.method ?? (o.form !== undefined ? "POST" : "GET");
  const key = o.key === undefined ? DEFAULT_TEST_KEY : o.key;
  const headers: Record<string, string> = {};
  const postData = o.form ?? o.query ?? "";
  if (key) {
    const nonce = o.nonce === null ? "" : (o.nonce ?? nextNonce());
    const signPath = (o.signed?.path ?? path).replace(/^\/derivatives/, "");
    headers.APIKey = key.apiKey;
    if (nonce) headers.Nonce = nonce;
    headers.Authent = authent(
      key.apiSecret,
      o.signed?.postData ?? postData,
      o.signed?.nonce ?? nonce,
      signPath,
    );
  }
  if (o.form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  const url = `${origin}${path}${o.query ? `?${o.query}` : ""}`;
  const res = await fetch(url, { method, headers, body: o.form });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Body };
}

export const API = "/derivatives/api/v3";

/** Query string of an object, url-encoded like a client sends it. */
export function qs(args: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
}

type SpecDoc = {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses: Record<
          string,
          { content?: Record<string, { schema: unknown; examples?: Record<string, { value: unknown }> }> }
        >;
      }
    >
  >;
};

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const spec = loadSpec("trading") as unknown as SpecDoc & Record<string, unknown>;
ajv.addSchema({ ...spec, $id: "trading" } as object, "trading");

/** The spec's 200 response content of an operation. */
export function responseOf(operationId: string) {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op?.operationId === operationId) {
        const content = op.responses["200"]?.content?.["application/json"];
        if (!content) throw new Error(`${operationId}: no 200 JSON response`);
        return { path, method, content };
      }
    }
  }
  throw new Error(`operation ${operationId} not in the spec`);
}

/** Validates a body against the operation's 200 schema; returns ajv's errors (empty when valid). */
export function schemaErrors(operationId: string, body: unknown): string[] {
  const { path, method } = responseOf(operationId);
  const pointer = `trading#/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method}/responses/200/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The spec's examples of an operation's 200 response, by name. */
export function examplesOf(operationId: string): Record<string, unknown> {
  const ex = responseOf(operationId).content.examples ?? {};
  return Object.fromEntries(Object.entries(ex).map(([k, v]) => [k, v.value]));
}
