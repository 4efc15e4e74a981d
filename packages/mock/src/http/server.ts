/**
 * The HTTP front of the mock exchange (node:http), serving every surface (Trading, History, Charts)
 * from its generated operation table. Per request: faults, route (the first surface whose document has the path),
 * signature and nonce (for operations whose `security` is not empty), budget (`x-rate-limit`, from the
 * surface's own pools), arguments (the operation's parameters), then the surface's handler. Success and
 * refusal bodies and statuses are the surface's (see `surface.ts`): Trading answers errors with HTTP 200
 * and `{result: "error", serverTime, error}`, History and Charts with HTTP 4xx. A surface that signs its
 * own way (Spot: `API-Sign`, nonce and arguments in the body) replaces signature, nonce and arguments
 * with its `admit`; faults, routing and its budget pools stay the server's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { operationCost, TokenBucket } from "@kraken-futures/core";
import type { Clock } from "../engine/clock.js";
import { EngineError, type Exchange } from "../engine/exchange.js";
import { type ApiKeyPair, NonceTracker, verifyAuthent } from "./authent.js";
import type { Fault, FaultInjector } from "./faults.js";
import { readParams } from "./params.js";
import { RawBody } from "./raw-body.js";
import { matchRoute, type Route, type RouteTable } from "./routes.js";
import {
  type Admission,
  type AdmitRequest,
  createSurfaces,
  owns,
  type Refusal,
  type Surface,
} from "./surface.js";

/** A request the server handled, for inspection in tests. */
export interface RequestRecord {
  readonly method: string;
  readonly pathname: string;
  readonly operationId?: string;
  /** The surface that answered (`trading`, `history`, `charts`). */
  readonly surface?: string;
  readonly apiKey?: string;
  /** HTTP status sent, or 0 when the connection was dropped. */
  readonly status: number;
  /** Kraken error code of the answer, if it was an error. */
  readonly error?: string;
}

/** What the HTTP layer needs. */
export interface HttpContext {
  /** The Trading API's routes. */
  readonly table: RouteTable;
  /**
   * The served surfaces, first match wins; a path no surface claims is answered in the first one's
   * shape. Default: Trading from `table`, then History and Charts from their bundled documents.
   */
  readonly surfaces?: readonly Surface[];
  readonly exchange: Exchange;
  readonly keys: readonly ApiKeyPair[];
  readonly faults: FaultInjector;
  /** Handled requests, newest last (the last 1000). */
  readonly log: RequestRecord[];
  /** How long a nonce below the key's highest is tolerated; see {@link NonceTracker}. Default 50. */
  readonly nonceWindowMs?: number;
}

/** Largest request body accepted (a batch of a few hundred instructions fits easily). */
const MAX_BODY_BYTES = 1 << 20;
const LOG_KEPT = 1_000;

const HTML_ERROR = (status: number) =>
  `<html>\r\n<head><title>${status} Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>${status} Service Temporarily Unavailable</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;

/** Creates the server (not yet listening) and a function that closes it and every pending request. */
export function createMockServer(ctx: HttpContext): { server: Server; close(): Promise<void> } {
  const clock = ctx.exchange.clock;
  const nonces = new NonceTracker(ctx.nonceWindowMs, () => clock.now());
  const buckets = new Map<string, TokenBucket>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const keyByName = new Map(ctx.keys.map((k) => [k.apiKey, k]));
  const surfaces = ctx.surfaces ?? createSurfaces(ctx.exchange, ctx.table);

  const record = (r: RequestRecord) => {
    ctx.log.push(r);
    if (ctx.log.length > LOG_KEPT) ctx.log.splice(0, ctx.log.length - LOG_KEPT);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function bucket(surface: Surface, apiKey: string, pool: string): TokenBucket | undefined {
    const spec = surface.table.pools[pool];
    if (!spec) return undefined;
    const id = `${surface.name}\u0000${apiKey}\u0000${pool}`;
    let b = buckets.get(id);
    if (!b) {
      b = new TokenBucket(spec, () => clock.now());
      buckets.set(id, b);
    }
    return b;
  }

  /** The route of a request on any surface; otherwise the surface that owns the path, with 404 or 405. */
  function resolve(
    method: string,
    pathname: string,
  ): {
    surface: Surface;
    route?: Route;
    pathParams: Readonly<Record<string, string>>;
    status?: 400 | 404 | 405;
  } {
    let wrongMethod: Surface | undefined;
    for (const surface of surfaces) {
      const m = matchRoute(surface.table, method, pathname);
      if (m.route) return { surface, route: m.route, pathParams: m.pathParams };
      if (m.status === 400) return { surface, pathParams: {}, status: 400 };
      if (m.status === 405) wrongMethod ??= surface;
    }
    if (wrongMethod) return { surface: wrongMethod, pathParams: {}, status: 405 };
    const owner = surfaces.find((s) => owns(s, pathname)) ?? surfaces[0]!;
    return { surface: owner, pathParams: {}, status: 404 };
  }

  /** A request on a surface that signs its own way (Spot): its admission, then the key's budget. */
  async function admitted(
    surface: Surface,
    route: Route,
    request: Omit<AdmitRequest, "route">,
  ): Promise<Admission> {
    const a = await surface.admit!({ ...request, route });
    if (!a.ok) return a;
    const pool = route.rateLimit.pool;
    const b = pool === undefined ? undefined : bucket(surface, a.apiKey, pool);
    if (b && !b.tryTake(operationCost(route.rateLimit, a.args)))
      return { ok: false, refusal: { code: "apiLimitExceeded" } };
    return a;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
    const match = resolve(method, pathname);
    const { surface, route } = match;
    const apiKey = header(req, "apikey") ?? header(req, "api-key");
    const info = { method, pathname, operationId: route?.operationId };

    const faults = ctx.faults.take(info);
    for (const f of faults) if (f.kind === "latency") await sleep(f.ms);
    const terminal = faults.find((f) => f.kind !== "latency") as
      | Exclude<Fault, { kind: "latency" }>
      | undefined;
    const seen = { ...info, surface: surface.name, apiKey };
    if (terminal?.kind === "drop") {
      record({ ...seen, status: 0 });
      req.socket.destroy();
      return;
    }
    if (terminal?.kind === "serverError") {
      const status = terminal.status ?? 503;
      record({ ...seen, status });
      res.writeHead(status, { "content-type": "text/html" }).end(HTML_ERROR(status));
      return;
    }

    const send = (status: number, payload: unknown, error?: string) => {
      record({ ...seen, status, error });
      const raw = payload instanceof RawBody ? payload : undefined;
      let text = raw ? raw.text : JSON.stringify(payload);
      // A malformed answer is a real answer cut short, as a broken proxy would deliver it.
      if (terminal?.kind === "malformedJson") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      res.writeHead(status, { "content-type": raw?.contentType ?? "application/json" }).end(text);
    };
    const fail = (refusal: Refusal) => {
      const r = surface.refuse({ route, ...refusal }, clock.now());
      send(r.status, r.body, r.error ?? refusal.code);
    };

    if (match.status === 400) return fail({ code: "invalidArgument", status: 400, detail: "path encoding" });
    if (!route) return fail({ code: "notFound", status: match.status ?? 404 });
    if (terminal?.kind === "rateLimit") return fail({ code: "apiLimitExceeded" });
    const answer = (values: Record<string, unknown>) => runHandler(surface, route, values, clock, send, fail);
    if (surface.admit) {
      const a = await admitted(surface, route, { pathname, body, header: (n) => header(req, n) });
      return a.ok ? answer(a.args) : fail(a.refusal);
    }

    // Kraken takes arguments from the query string or, for POST/PUT, from a form body; the body wins
    // when there is one, and exactly those bytes are what the client signed.
    const postData = body.length > 0 ? body : rawQuery;
    const args = new URLSearchParams(postData);

    if (route.signed) {
      const key = apiKey === undefined ? undefined : keyByName.get(apiKey);
      const authent = header(req, "authent");
      const nonce = header(req, "nonce") ?? "";
      if (!key || authent === undefined) return fail({ code: "authenticationError" });
      const ok = await verifyAuthent({ authent, secret: key.apiSecret, postData, nonce, pathname });
      if (!ok) return fail({ code: "authenticationError" });
      const nonceError = nonces.accept(key.apiKey, nonce);
      if (nonceError) return fail({ code: nonceError });
      if (route.rateLimit.pool) {
        const b = bucket(surface, key.apiKey, route.rateLimit.pool);
        const cost = operationCost(route.rateLimit, Object.fromEntries(args));
        if (b && !b.tryTake(cost)) return fail({ code: "apiLimitExceeded" });
      }
    }

    const parsed = readParams(route, args, match.pathParams);
    if (!parsed.ok) return fail({ code: parsed.error, detail: parsed.detail, param: parsed.param });
    answer(parsed.values);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.socket.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch(() => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      });
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs the operation's handler and sends its success, or the refusal it throws. */
function runHandler(
  surface: Surface,
  route: Route,
  values: Record<string, unknown>,
  clock: Clock,
  send: (status: number, payload: unknown) => void,
  fail: (refusal: Refusal) => void,
): void {
  const handler = surface.handlers[route.operationId];
  if (!handler) {
    fail({ code: "Unavailable" });
    return;
  }
  try {
    send(200, surface.success(handler(values), clock.now()));
  } catch (error) {
    if (error instanceof EngineError) fail({ code: error.code });
    else fail(surface.refusalOf?.(error) ?? { code: "Server Error", status: 500 });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
