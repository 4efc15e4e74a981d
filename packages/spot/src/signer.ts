/**
 * Spot's `API-Sign` as a signer of the shared core: the nonce the core draws (after the rate-limit
 * wait, once per attempt) is written into the body, which is then signed with `@kraken-futures/auth`.
 */
import {
  type PostDataInput,
  SigningError,
  type SpotCredentials,
  spotAuthHeaders,
  spotFormBody,
} from "@kraken-futures/auth";
import type { SurfaceSigner } from "@kraken-futures/core/http";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** Whether the arguments need a JSON body: a list of objects (TradeVolume's `{asset, aclass}` pairs). */
function needsJson(args: Record<string, unknown>): boolean {
  return Object.values(args).some((v) => v !== null && typeof v === "object");
}

/**
 * The body of one attempt: `nonce` first, then the arguments in their order. Form-encoded by the
 * shared encoder, as Kraken's examples send it; JSON when an argument is a list of objects, which has
 * no documented form encoding. In JSON the nonce is a bare integer, as Kraken's OpenAPI types it (our
 * 16-digit nonces are exact as JSON numbers).
 */
export function spotBody(args: unknown, nonce: string): { body: string; type: string } {
  const fields = (args ?? {}) as Record<string, unknown>;
  if ("nonce" in fields)
    throw new SigningError("the nonce is drawn and written by the client; do not pass one");
  if (needsJson(fields)) {
    const rest = JSON.stringify(fields);
    return {
      body: rest === "{}" ? `{"nonce":${nonce}}` : `{"nonce":${nonce},${rest.slice(1)}`,
      type: JSON_TYPE,
    };
  }
  return { body: spotFormBody(fields as PostDataInput, nonce), type: FORM };
}

/** The core's signer for Spot calls made with `credentials`. */
export function spotSigner(credentials: SpotCredentials): SurfaceSigner {
  return async ({ method, pathname, query, args, nonce }) => {
    if (query !== "")
      throw new SigningError(`${method} ${pathname}: Spot arguments go in the body, not the query`);
    const { body, type } = spotBody(args, nonce);
    const headers = await spotAuthHeaders({ credentials, uriPath: pathname, postData: body, nonce });
    return {
      headers: { "api-key": headers["API-Key"], "api-sign": headers["API-Sign"], "content-type": type },
      body,
    };
  };
}
