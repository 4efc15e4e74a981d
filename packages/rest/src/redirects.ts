/**
 * Redirects are never followed (issue 12): every request the client builds for a fetch transport says
 * `redirect: "manual"`, node:http never follows one, and any 3xx answer (or a browser's opaque
 * redirect, or a response an injected fetch followed anyway) ends the call with a {@link RedirectError}
 * before its body is read as data.
 *
 * Why not follow same-origin redirects of public calls: Kraken's API answers its calls without
 * redirecting, so a redirect means a wrong origin or a proxy in the way, and following it would only
 * hide that. One rule for every call is also the one that cannot leak a signed request.
 */
import { RedirectError, type RequestTarget } from "./errors.js";
import type { LiteResponse } from "./transport/lite.js";

/** A response header by name (case-insensitive), from a real `Response` or the fast path's answer. */
export function responseHeader(response: Response | LiteResponse, name: string): string | null {
  return "header" in response ? response.header(name) : response.headers.get(name);
}

/** `location` resolved against the request's URL, without query or fragment; undefined if unparsable. */
function whereTo(location: string | null, base: string): string | undefined {
  if (location === null || location === "") return undefined;
  try {
    const url = new URL(location, base);
    return url.origin + url.pathname;
  } catch {
    return undefined;
  }
}

/**
 * The {@link RedirectError} for an answer that is a redirect, else undefined.
 *
 * @param url the URL the request went to, to resolve a relative `Location`.
 */
export function redirectError(
  response: Response | LiteResponse,
  url: string,
  target: RequestTarget,
): RedirectError | undefined {
  const status = response.status;
  if (status >= 300 && status <= 399) {
    return new RedirectError(status, whereTo(responseHeader(response, "location"), url), { target });
  }
  if ("type" in response && response.type === "opaqueredirect") {
    return new RedirectError(status, undefined, { target });
  }
  // A fetch that followed a redirect although asked not to: too late to unsend, not too late to
  // refuse its answer.
  if ("redirected" in response && response.redirected) {
    return new RedirectError(status, whereTo(response.url, url), { target });
  }
  return undefined;
}
