/**
 * The internal request of the pipeline ({@link LiteRequest}) and the Node transport's answer
 * ({@link LiteResponse}): minimal stand-ins for `Request` and `Response`, headers a plain object.
 *
 * Why: on Node, `new Request()` and `new Response()` are undici objects: each parses its URL again,
 * wires an AbortSignal into a new one, and wraps the body in a WHATWG stream that `text()` then
 * drains through several promise hops. Per signed call on loopback that was most of the client's own
 * time (see the README's numbers). So when no user middleware needs a real `Request`, the client
 * builds a {@link LiteRequest}: the URL string from `callUrl` (url.ts), signed from
 * that same string, and handed to the transport as is. Nothing here is exported from the package;
 * users still receive a real `Response` (built on first access), and user middleware a real `Request`
(stages/middleware.ts).
 */
import type { ApiResponse } from "../types.js";

function isHeaders(init: object): init is Headers {
  return Object.prototype.toString.call(init) === "[object Headers]";
}

/**
 * The headers as a plain object of lower-case names, as node:http takes them: from a `Headers`, or from
 * an object whose array values are joined with `, ` and whose `undefined` values are left out.
 */
export function headerRecord(
  init?: Headers | Record<string, string | readonly string[] | undefined> | null,
): Record<string, string> {
  const record: Record<string, string> = {};
  // Not `instanceof Headers`: on Node, the first read of the global `Headers` loads undici.
  if (init && isHeaders(init)) {
    init.forEach((value, name) => {
      record[name] = value;
    });
  } else if (init) {
    for (const name in init) {
      const value = init[name];
      if (value === undefined) continue;
      record[name.toLowerCase()] = typeof value === "string" ? value : value.join(", ");
    }
  }
  return record;
}

/** A `Request` subset: the URL string, method, headers, body text and signal, nothing parsed twice. */
export class LiteRequest {
  readonly url: string;
  readonly method: string;
  /** Lower-case names; handed to node:http without copying, and signing adds to it. */
  readonly headers: Record<string, string>;
  /**
   * The serialized body (the client's bodySerializer returns a string), or null. Not readonly: a surface
   * signer may replace it before sending (Spot writes the nonce into the body).
   */
  bodyText: string | null;
  readonly signal: AbortSignal | undefined;
  /** Set by the transport while it holds the request: aborts it, rejecting with `reason`. */
  cancel: ((reason: unknown) => void) | undefined = undefined;
  /**
   * Called by the transport when the response's status line and headers arrive, before the body:
   * the server has the request by then (the client passes its key's turn on here, key-turns.ts).
   */
  onHeaders: (() => void) | undefined = undefined;
  /** The index where the path starts (after `scheme://authority`); the transport and the signer read it. */
  readonly pathStart: number;

  constructor(
    url: string,
    method: string,
    headers: Readonly<Record<string, string>> | undefined,
    bodyText: string | null,
    signal: AbortSignal | undefined,
  ) {
    this.url = url;
    const scheme = url.indexOf("://");
    const slash = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
    this.pathStart = slash < 0 ? url.length : slash;
    this.method = method;
    this.headers = headerRecord(headers);
    this.bodyText = bodyText;
    this.signal = signal;
  }

  /**
   * A real `Request` with the same URL, method, headers and body, for a fetch transport. Its signal is
   * a controller's that {@link cancel} aborts (a timeout, or the caller's signal, which the client
   * forwards to `cancel`): fetch has no other way to be stopped. `redirect: "manual"`, because the
   * client never follows a redirect (see `redirects.ts`).
   */
  toRequest(): Request {
    const controller = new AbortController();
    this.cancel = (reason) => controller.abort(reason);
    if (this.signal?.aborted) controller.abort(this.signal.reason);
    return new Request(this.url, {
      method: this.method,
      headers: this.headers,
      redirect: "manual",
      signal: controller.signal,
      ...(this.bodyText !== null ? { body: this.bodyText } : {}),
    });
  }
}

/**
 * What the client reads of an answer from a transport's `lite` method (the Node transport's, in
 * `node.ts`, the only one): a `Response` subset holding an already decoded body. Browsers never get
 * one, so its code stays out of their bundles.
 */
export interface LiteResponse {
  readonly status: number;
  readonly ok: boolean;
  /** The decoded body, without a promise (the client's fast path reads it directly). */
  readonly bodyText: string;
  /** The value of a response header (case-insensitive), or null; joined with `, ` when repeated. */
  header(name: string): string | null;
  /**
   * A real `Response` with this status and these headers. Its body has been read, so it has none,
   * unless `withBody` (for user middleware's `onResponse`, which may read it): then it carries it.
   */
  toResponse(withBody?: boolean): Response;
  /**
   * The call's result over this answer: `{ data, response }`, with `response` (an own, enumerable
   * getter) made by {@link toResponse} on first access.
   */
  answer(data: unknown): ApiResponse<unknown>;
}
