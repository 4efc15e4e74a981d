/**
 * Minimal stand-ins for `Headers`, `Request` and `Response`, used on the client's fast path.
 *
 * Why: on Node, `new Request()` and `new Response()` are undici objects: each parses its URL again,
 * wires an AbortSignal into a new one, and wraps the body in a WHATWG stream that `text()` then
 * drains through several promise hops. Per signed call on loopback that was most of the client's own
 * time (see the README's numbers). So when no user middleware needs a real `Request`, the client
 * builds a {@link LiteRequest}: the URL string from openapi-fetch's `createFinalURL`, signed from
 * that same string, and handed to the transport as is. Nothing here is exported from the package; users still receive a real `Response` (built on
 * first access).
 */

function isHeaders(init: object): init is Headers {
  return Object.prototype.toString.call(init) === "[object Headers]";
}

/** A `Headers` subset over a plain object of lower-case names. */
export class LiteHeaders {
  /** The headers, lower-case names; handed to node:http without copying. */
  readonly record: Record<string, string>;

  constructor(init?: Headers | Record<string, string | readonly string[] | undefined> | null) {
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
    this.record = record;
  }

  get(name: string): string | null {
    return this.record[name.toLowerCase()] ?? null;
  }
  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }
  set(name: string, value: string): void {
    this.record[name.toLowerCase()] = String(value);
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const previous = this.record[key];
    this.record[key] = previous === undefined ? String(value) : `${previous}, ${value}`;
  }
  delete(name: string): void {
    delete this.record[name.toLowerCase()];
  }
  forEach(callback: (value: string, name: string, parent: LiteHeaders) => void): void {
    for (const name of Object.keys(this.record).sort()) callback(this.record[name]!, name, this);
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.record).sort()) yield [name, this.record[name]!];
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A `Request` subset: the URL string, method, headers, body text and signal, nothing parsed twice. */
export class LiteRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: LiteHeaders;
  /** The serialized body (the client's bodySerializer returns a string), or null. */
  readonly bodyText: string | null;
  readonly signal: AbortSignal | undefined;
  /** Opaque per-attempt state of the client that built this request. */
  readonly attempt: unknown;
  /** Set by the transport while it holds the request: aborts it, rejecting with `reason`. */
  cancel: ((reason: unknown) => void) | undefined = undefined;
  /** The index where the path starts (after `scheme://authority`); the transport and the signer read it. */
  readonly pathStart: number;

  constructor(
    url: string,
    method: string,
    headers: Readonly<Record<string, string>> | undefined,
    bodyText: string | null,
    signal: AbortSignal | undefined,
    attempt?: unknown,
  ) {
    this.url = url;
    const scheme = url.indexOf("://");
    const slash = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
    this.pathStart = slash < 0 ? url.length : slash;
    this.method = method;
    this.headers = new LiteHeaders(headers);
    this.bodyText = bodyText;
    this.signal = signal;
    this.attempt = attempt;
  }

  /** A real `Request` with the same URL, method, headers, body and signal, for an injected fetch. */
  toRequest(): Request {
    return new Request(this.url, {
      method: this.method,
      headers: this.headers.record,
      ...(this.bodyText !== null ? { body: this.bodyText } : {}),
      ...(this.signal ? { signal: this.signal } : {}),
    });
  }
}

/** Statuses whose `Response` must have no body. */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** A `Response` subset holding an already decoded body. */
export class LiteResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly #raw: readonly string[];
  #headers: LiteHeaders | undefined;
  readonly #text: string;

  constructor(status: number, statusText: string, rawHeaders: readonly string[], text: string, url: string) {
    this.status = status;
    this.statusText = statusText;
    this.ok = status >= 200 && status <= 299;
    this.#raw = rawHeaders;
    this.#text = text;
    this.url = url;
  }

  /** Built on first access from node:http's raw list (name, value, name, value…). */
  get headers(): LiteHeaders {
    if (this.#headers === undefined) {
      const headers = new LiteHeaders();
      const raw = this.#raw;
      for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
      this.#headers = headers;
    }
    return this.#headers;
  }

  /** The decoded body, without a promise (the client's fast path reads it directly). */
  get bodyText(): string {
    return this.#text;
  }

  text(): Promise<string> {
    return Promise.resolve(this.#text);
  }

  json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(this.#text));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A real `Response` with this status and these headers; its body has been read, so it has none. */
  toResponse(): Response {
    const status = this.status >= 200 && this.status <= 599 ? this.status : 200;
    return new Response(null, { status, statusText: this.statusText, headers: this.headers.record });
  }
}
