/**
 * Raw HTTP helpers of the History and Charts tests: fetch, signing with node:crypto (the recipe, not the
 * project's code: `authent` of ./helpers.ts), and ajv validation against the bundled History and Charts
 * documents.
 */
import { loadSpec } from "@kraken-futures/specs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import { authent, nextNonce, qs } from "./helpers.js";

export const HISTORY = "/api/history";
export const CHARTS = "/api/charts/v1";
export const TRADING = "/derivatives/api/v3";

export interface RawCall {
  /** Query arguments (encoded with `qs`), or an already encoded string. */
  query?: Record<string, string | number | boolean | undefined> | string;
  method?: string;
  /** Sign with this key (default: unsigned). */
  key?: { apiKey: string; apiSecret: string };
  /** Path to sign instead of the request path (to test refusals). */
  signPath?: string;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body (undefined when the answer is not JSON). */
  json: unknown;
}

/** `${origin}${path}` through raw fetch; signed when `key` is given (the endpoint path kept as is). */
export async function raw(origin: string, path: string, o: RawCall = {}): Promise<RawAnswer> {
  const query = typeof o.query === "string" ? o.query : qs(o.query ?? {});
  const headers: Record<string, string> = {};
  if (o.key) {
    const nonce = nextNonce();
    const signPath = (o.signPath ?? path).replace(/^\/derivatives/, "");
    headers.APIKey = o.key.apiKey;
    headers.Nonce = nonce;
    headers.Authent = authent(o.key.apiSecret, query, nonce, signPath);
  }
  const res = await fetch(`${origin}${path}${query ? `?${query}` : ""}`, {
    method: o.method ?? "GET",
    headers,
  });
  const text = await res.text();
  const contentType = res.headers.get("content-type") ?? "";
  let json: unknown;
  if (contentType.includes("json")) json = JSON.parse(text);
  return { status: res.status, contentType, text, json };
}

/** A signed History call with the default test key. */
export const signed = (origin: string, path: string, query?: RawCall["query"]) =>
  raw(origin, `${HISTORY}${path}`, { query, key: DEFAULT_TEST_KEY });

/** An unsigned History call. */
export const open = (origin: string, path: string, query?: RawCall["query"]) =>
  raw(origin, `${HISTORY}${path}`, { query });

type Op = {
  operationId: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
type Doc = Record<string, unknown> & { paths: Record<string, Record<string, Op>> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
export const historyDoc = loadSpec("history") as Doc;
export const chartsDoc = loadSpec("charts") as Doc;
ajv.addSchema({ ...historyDoc, $id: "history" } as object, "history");
ajv.addSchema({ ...chartsDoc, $id: "charts" } as object, "charts");

/** Every operation of a document: its id, path template and whether it is signed. */
export function operationsOf(doc: Doc): { operationId: string; path: string; signed: boolean }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.values(item).map((op) => ({
      operationId: op.operationId,
      path,
      signed: (op.security ?? []).length > 0,
    })),
  );
}

/**
 * ajv's errors of `body` against the `status` response (`"200"`, `"4XX"`, `"400"`) of an operation of
 * the `history` or `charts` document, in `contentType`; empty when it validates.
 */
export function schemaErrors(
  docName: "history" | "charts",
  operationId: string,
  body: unknown,
  status = "200",
  contentType = "application/json",
): string[] {
  const doc = docName === "history" ? historyDoc : chartsDoc;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.operationId !== operationId) continue;
      if (!op.responses[status]?.content?.[contentType])
        throw new Error(`${operationId}: no ${status} ${contentType}`);
      const pointer = `${docName}#/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method}/responses/${status}/content/${contentType.replace("/", "~1")}/schema`;
      const validate = ajv.getSchema(pointer);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    }
  }
  throw new Error(`operation ${operationId} not in ${docName}`);
}
