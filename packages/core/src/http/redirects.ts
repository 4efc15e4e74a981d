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

/**
 * The {@link RedirectError} for an answer that is a redirect (a 3xx, a browser's opaque redirect, or
 * an answer a fetch followed although asked not to: too late to unsend, not too late to refuse),
 * else undefined. The target is resolved against `url` and loses its query and fragment.
 */
export function redirectError(
  response: Response | LiteResponse,
  url: string,
  target: RequestTarget,
): RedirectError | undefined {
  const status = response.status;
  const followed = "redirected" in response && response.redirected;
  const opaque = "type" in response && response.type === "opaqueredirect";
  if (!followed && !opaque && (status < 300 || status > 399)) return undefined;
  const location = followed ? (response as Response).url : responseHeader(response, "location");
  let where: string | undefined;
  try {
    const resolved = location ? new URL(location, url) : undefined;
    where = resolved && resolved.origin + resolved.pathname;
  } catch {}
  return new RedirectError(status, where, { target });
}
