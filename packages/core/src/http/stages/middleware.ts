/**
 * User middleware (`client.use(m)`) as one adapter over the internal request, not a second pipeline:
 * openapi-fetch's contract mapped onto the stages. Before the lane, `onRequest` of each middleware in
 * the order added sees a real `Request` made from the internal one (a returned `Request` becomes the
 * internal request, a returned `Response` answers the call without sending it); the lane, sign and
 * send stages then run on the internal request exactly as without middleware, so signatures cover
 * what middleware changed and the wire bytes are the same. After the send, `onError` (on a failed
 * send) or `onResponse` run in reverse order on a real `Response`.
 *
 * Why not openapi-fetch's `createClient`: it carried its own request building, header merging and
 * body parsing, about 1,500 bytes gzipped in every browser bundle (issue 13) for a path most users
 * never take. openapi-fetch still carries the types.
 */
import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";
import type { Attempt, Stage } from "../attempt.js";
import { headerRecord, LiteRequest, type LiteResponse } from "../transport/lite.js";

/** What every callback of one call receives besides the request (openapi-fetch's fields). */
export type MiddlewareOptions = MiddlewareCallbackParams["options"];

/** Refuses what openapi-fetch's `use()` refuses: anything but an object with one of the callbacks. */
export function checkMiddleware(m: Middleware): void {
  if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
    throw new TypeError("middleware must be an object with onRequest, onResponse or onError");
  }
}

function refuse(hook: string, what: string): never {
  throw new TypeError(`middleware ${hook} must return ${what} or nothing`);
}

function callOf(attempt: Attempt, options: MiddlewareOptions): Omit<MiddlewareCallbackParams, "request"> {
  attempt.middlewareCall ??= {
    schemaPath: attempt.target.path,
    params: attempt.params,
    options,
    id: Math.random().toString(36).slice(2, 11),
  };
  return attempt.middlewareCall;
}

/** The internal request as a `Request` for middleware: same URL, method, headers and body. */
function toMiddlewareRequest(request: LiteRequest): Request {
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    redirect: "manual",
    ...(request.bodyText !== null ? { body: request.bodyText } : {}),
  });
}

/**
 * What middleware made of the request, as the internal request again. Headers it kept stay in their
 * order (a `Headers` object sorts its names), so an untouched request goes out byte for byte as it
 * would have without middleware; the caller's signal stays the call's.
 */
async function fromMiddlewareRequest(request: Request, before: LiteRequest): Promise<LiteRequest> {
  const fresh = headerRecord(request.headers);
  const ordered: Record<string, string> = {};
  for (const name in before.headers) if (name in fresh) ordered[name] = fresh[name]!;
  Object.assign(ordered, fresh);
  const body = request.body === null ? null : await request.text();
  return new LiteRequest(request.url, request.method, ordered, body, before.signal);
}

/** The request half: `onRequest` of each middleware, in the order added. */
export function middlewareRequestStage(options: MiddlewareOptions): Stage {
  return (attempt) => (attempt.middleware.length === 0 ? undefined : onRequest(attempt, options));
}

async function onRequest(attempt: Attempt, options: MiddlewareOptions): Promise<void> {
  const call = callOf(attempt, options);
  let request = toMiddlewareRequest(attempt.request);
  for (const m of attempt.middleware) {
    const result = await m.onRequest?.({ ...call, request });
    if (!result) continue;
    if (result instanceof Response) {
      // Answered by middleware: nothing is queued, signed or sent, and no onResponse runs.
      attempt.response = result;
      return;
    }
    if (!(result instanceof Request)) refuse("onRequest", "a Request or a Response");
    request = result;
  }
  attempt.middlewareRequest = request;
  attempt.request = await fromMiddlewareRequest(request, attempt.request);
}

/** A real `Response` of the answer, its body readable, for `onResponse`. */
function readable(response: Response | LiteResponse): Response {
  return "toResponse" in response ? response.toResponse(true) : response;
}

/**
 * The response half: the transport's answer, then `onError` (a failed send; a returned `Response`
 * stands in for the answer) or `onResponse`, each in reverse order. Leaves the answer on the attempt.
 */
export async function middlewareResponse(attempt: Attempt, options: MiddlewareOptions): Promise<void> {
  const call = callOf(attempt, options);
  const request = attempt.middlewareRequest!;
  const reversed = [...attempt.middleware].reverse();
  let response: Response | undefined;
  try {
    response = readable(await attempt.sent!);
  } catch (failure) {
    let error: unknown = failure;
    for (const m of reversed) {
      const result = await m.onError?.({ ...call, request, error });
      if (!result) continue;
      if (result instanceof Response) {
        response = result;
        break;
      }
      if (!(result instanceof Error)) refuse("onError", "a Response or an Error");
      error = result;
    }
    if (response === undefined) throw error;
  }
  for (const m of reversed) {
    const seen: Response = response;
    const result = await m.onResponse?.({ ...call, request, response: seen });
    if (!result) continue;
    if (!(result instanceof Response)) refuse("onResponse", "a Response");
    response = result;
  }
  attempt.response = response;
}
