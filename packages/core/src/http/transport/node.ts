/**
 * The default transport on Node: node:http / node:https with keep-alive agents, behind the `fetch`
 * signature. Chosen by the `node` condition of `#transport`.
 *
 * Why not global fetch: on loopback a call through Node's fetch (undici behind the WHATWG streams
 * layer) costs several times what the same call costs over node:http with a kept-alive socket, and a
 * trading client pays that on every order. The client's fast path goes one step further and hands
 * this transport a {@link LiteRequest} (see `lite.ts`), so no undici object is made per call.
 *
 * node:http and node:https are loaded on the first request to an origin of their scheme, not when the
 * package is imported: node:https pulls in tls, and the two were several milliseconds of a fresh
 * process's start-up (issue 7). A client that only calls http:// origins never loads node:https or tls.
 */
import type { Agent, IncomingMessage } from "node:http";
import type { ApiResponse } from "../types.js";
import { headerRecord, type LiteRequest, type LiteResponse } from "./lite.js";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_SOCKETS,
  type LiteTransport,
  ResponseTooLargeError,
  type TransportOptions,
} from "./types.js";

/** What this transport uses of node:http and node:https: `Agent` and `request`, alike in both. */
type HttpModule = Pick<typeof import("node:http"), "Agent" | "request">;

type Scheme = "http:" | "https:";

/** The module of each scheme, once loaded: shared by every transport of the process. */
const loaded: { [scheme in Scheme]?: HttpModule } = {};
const loading: { [scheme in Scheme]?: Promise<HttpModule> } = {};

function load(scheme: Scheme): Promise<HttpModule> {
  loading[scheme] ??= (scheme === "https:" ? import("node:https") : import("node:http")).then(
    (imported) => (loaded[scheme] = imported.default as unknown as HttpModule),
  );
  return loading[scheme];
}

/** Where requests to one origin go: parsed once per origin, not once per call. */
interface Destination {
  readonly origin: string;
  readonly send: HttpModule["request"];
  readonly agent: Agent;
  readonly hostname: string;
  readonly port: string;
  readonly protocol: string;
}

/** The answer as node:http delivered it. */
interface RawAnswer {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/** The Content-Length the server declared, read from the raw list (`res.headers` would parse all). */
function declaredLength(raw: readonly string[]): number {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 14 && name.toLowerCase() === "content-length") return Number(raw[i + 1]);
  }
  return Number.NaN;
}

const raw = (answer: RawAnswer): RawAnswer => answer;

/** Statuses whose `Response` must have no body. */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** node:http's raw header list (name, value, name, value…) as `Headers`. */
function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** The fast path's answer: the body decoded once, headers left raw until a `Response` is wanted. */
class NodeLiteResponse implements LiteResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly bodyText: string;
  readonly #raw: readonly string[];

  constructor(answer: RawAnswer) {
    this.status = answer.status;
    this.statusText = answer.statusText;
    this.ok = answer.status >= 200 && answer.status <= 299;
    this.bodyText = NULL_BODY_STATUSES.has(answer.status) ? "" : answer.body.toString("utf8");
    this.#raw = answer.rawHeaders;
  }

  header(name: string): string | null {
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i < this.#raw.length; i += 2) {
      if (this.#raw[i]!.toLowerCase() === wanted) {
        value = value === null ? this.#raw[i + 1]! : `${value}, ${this.#raw[i + 1]!}`;
      }
    }
    return value;
  }

  toResponse(withBody = false): Response {
    const status = this.status >= 200 && this.status <= 599 ? this.status : 200;
    const body = withBody && !NULL_BODY_STATUSES.has(status) ? this.bodyText : null;
    return new Response(body, { status, statusText: this.statusText, headers: headersOf(this.#raw) });
  }

  answer(data: unknown): ApiResponse<unknown> {
    return new LazyAnswer(data, this) as unknown as ApiResponse<unknown>;
  }
}

/** `response`'s accessor, one for every {@link LazyAnswer} (set in its static block). */
let lazyResponse: PropertyDescriptor;

/**
 * `{ data, response }` whose `response` is an own, enumerable getter (spreading the answer keeps it),
 * shared by every answer. Why not an object literal with `get response()`: each literal's getter is a
 * new function, so V8 gives every answer its own hidden class, in old space, which holds the call's
 * objects alive past the next scavenge. On the REST bench that promoted 0.66 MB per scavenge, with
 * 3-5 ms pauses; with one shared accessor, nothing is promoted.
 */
class LazyAnswer {
  readonly data: unknown;
  readonly #lite: LiteResponse;
  #real: Response | undefined;

  constructor(data: unknown, lite: LiteResponse) {
    this.data = data;
    this.#lite = lite;
    Object.defineProperty(this, "response", lazyResponse);
  }

  static {
    lazyResponse = {
      get(this: LazyAnswer) {
        this.#real ??= this.#lite.toResponse();
        return this.#real;
      },
      enumerable: true,
      configurable: true,
    };
  }
}

const liteResponse = (answer: RawAnswer): LiteResponse => new NodeLiteResponse(answer);

/** A real `Response` of an answer, for callers that pass a `Request` (user fetch-style calls). */
function responseOf(answer: RawAnswer): Response {
  const buffer = answer.body;
  const payload = NULL_BODY_STATUSES.has(answer.status)
    ? null
    : (new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>);
  return new Response(payload, {
    status: answer.status,
    statusText: answer.statusText,
    headers: headersOf(answer.rawHeaders),
  });
}

/**
 * Collects the body of `res` (at most `limit` bytes) and settles with `finish(answer)`, shaped inside
 * the `end` handler so callers need no extra hop.
 */
function readAnswer<T>(
  res: IncomingMessage,
  url: string,
  limit: number,
  finish: (answer: RawAnswer) => T,
  resolve: (value: T) => void,
  reject: (reason: unknown) => void,
  fail: (error: unknown) => void,
): void {
  const status = res.statusCode ?? 0;
  // Reject before destroy(): destroying emits "aborted" (a NetworkError, which reads retry)
  // before the next line would run.
  if (declaredLength(res.rawHeaders) > limit) {
    reject(new ResponseTooLargeError(status, limit));
    res.destroy();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  res.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      reject(new ResponseTooLargeError(status, limit));
      res.destroy();
      return;
    }
    chunks.push(chunk);
  });
  // A connection lost mid-body ends in "error" too (ECONNRESET "aborted", Node >= 16): no
  // "aborted" listener, one registration fewer per call.
  res.on("error", fail);
  res.on("end", () => {
    if (size > limit) return;
    try {
      resolve(
        finish({
          url,
          status,
          statusText: res.statusMessage ?? "",
          rawHeaders: res.rawHeaders,
          body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size),
        }),
      );
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * Where each origin's requests go: one keep-alive pool per scheme, made with the scheme's module on
 * its first request. Clients talk to one origin, so one cached parse is enough; a new origin is
 * parsed once. Returns the `Scheme` instead of a Destination while that scheme's module is not loaded.
 */
function destinations(maxSockets: number): (url: string, pathStart: number) => Destination | Scheme {
  const agents: { [scheme in Scheme]?: Agent } = {};
  let last: Destination | undefined;
  return (url, pathStart) => {
    const origin = url.slice(0, pathStart);
    if (last?.origin === origin) return last;
    const parsed = new URL(origin);
    const protocol = parsed.protocol;
    if (protocol !== "http:" && protocol !== "https:")
      throw new TypeError(`unsupported protocol ${protocol}`);
    const http = loaded[protocol];
    if (http === undefined) return protocol;
    agents[protocol] ??= new http.Agent({ keepAlive: true, maxSockets });
    last = {
      origin,
      send: http.request,
      agent: agents[protocol],
      hostname: parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname,
      port: parsed.port,
      protocol,
    };
    return last;
  };
}

/**
 * The first request of a scheme in the process: loads its module, then `send`s. A timeout or an
 * abort meanwhile rejects at once (the retry re-checks the signal), and the call is never sent.
 */
function afterLoading<T>(scheme: Scheme, lite: LiteRequest | undefined, send: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let cancelled = false;
    if (lite) {
      lite.cancel = (reason) => {
        cancelled = true;
        reject(reason);
      };
    }
    load(scheme).then(() => {
      if (!cancelled) send().then(resolve, reject);
    }, reject);
  });
}

/**
 * Creates a keep-alive transport with its own socket pools (one agent for http, one for https).
 * Sockets do not keep the process alive once idle.
 */
export function createDefaultTransport(options: TransportOptions = {}): LiteTransport {
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const destination = destinations(maxSockets);

  /**
   * Sends one request to `url`, whose path starts at index `pathStart`, and settles with
   * `finish(answer)`: the answer is shaped inside the `end` handler, so callers need no extra hop.
   */
  function exchange<T>(
    url: string,
    pathStart: number,
    method: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    signal: AbortSignal | undefined,
    lite: LiteRequest | undefined,
    finish: (answer: RawAnswer) => T,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const to = destination(url, pathStart);
    if (typeof to === "string") {
      return afterLoading(to, lite, () =>
        exchange(url, pathStart, method, headers, body, signal, lite, finish),
      );
    }
    const path = url.slice(pathStart);
    return new Promise<T>((resolve, reject) => {
      const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
      const req = to.send(
        {
          agent: to.agent,
          protocol: to.protocol,
          hostname: to.hostname,
          port: to.port,
          method,
          path,
          headers,
          signal,
        },
        (res) => {
          lite?.onHeaders?.();
          readAnswer(res, url, limit, finish, resolve, reject, fail);
        },
      );
      req.on("error", fail);
      if (lite) {
        lite.cancel = (reason) => {
          reject(reason);
          req.destroy();
        };
      }
      req.end(body);
    });
  }

  async function nodeFetch(request: Request): Promise<Response> {
    const url = request.url;
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers = headerRecord(request.headers);
    if (body !== undefined) headers["content-length"] = String(body.length);
    const pathStart = new URL(url).origin.length;
    const answer = await exchange(
      url,
      pathStart,
      request.method,
      headers,
      body,
      request.signal,
      undefined,
      raw,
    );
    return responseOf(answer);
  }

  function lite(request: LiteRequest): Promise<LiteResponse> {
    const headers = request.headers;
    const body = request.bodyText ?? undefined;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const { url, pathStart, method, signal } = request;
    return exchange(url, pathStart, method, headers, body, signal, request, liteResponse);
  }

  return Object.assign(nodeFetch, { lite });
}
