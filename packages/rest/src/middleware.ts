/**
 * The middleware path (`client.use(m)`): openapi-fetch's middleware contract run by the client itself.
 * `onRequest` of each middleware in the order added (a returned `Request` replaces the request, a
 * returned `Response` answers the call without sending it), then the send, then `onError` (on a
 * failed send) or `onResponse`, each in reverse order.
 *
 * Why not openapi-fetch's `createClient`: the client used it for this path only, and it carried its own
 * request building, header merging and body parsing, about 1,500 bytes gzipped in every browser
 * bundle (issue 13) for a path most users never take. openapi-fetch still builds the URLs and
 * carries the types.
 */
import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";

/** What every callback of one call receives besides the request (openapi-fetch's fields). */
export type MiddlewareCall = Omit<MiddlewareCallbackParams, "request">;

/** Refuses what openapi-fetch's `use()` refuses: anything but an object with one of the callbacks. */
export function checkMiddleware(m: Middleware): void {
  if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
    throw new TypeError("middleware must be an object with onRequest, onResponse or onError");
  }
}

function refuse(hook: string, what: string): never {
  throw new TypeError(`middleware ${hook} must return ${what} or nothing`);
}

/**
 * Runs `middleware` around `send` (which queues, signs and sends the final request), as openapi-fetch
 * 0.17's client does, and returns the answer.
 */
export async function runMiddleware(
  middleware: readonly Middleware[],
  first: Request,
  call: MiddlewareCall,
  send: (request: Request) => Promise<Response>,
): Promise<Response> {
  let request = first;
  for (const m of middleware) {
    const result = await m.onRequest?.({ ...call, request });
    if (!result) continue;
    if (result instanceof Response) return result;
    if (!(result instanceof Request)) refuse("onRequest", "a Request or a Response");
    request = result;
  }
  let response: Response | undefined;
  try {
    response = await send(request);
  } catch (failure) {
    let error: unknown = failure;
    for (const m of [...middleware].reverse()) {
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
  for (const m of [...middleware].reverse()) {
    const seen: Response = response;
    const result = await m.onResponse?.({ ...call, request, response: seen });
    if (!result) continue;
    if (!(result instanceof Response)) refuse("onResponse", "a Response");
    response = result;
  }
  return response;
}
