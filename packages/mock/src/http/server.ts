/**
 * The HTTP front of the mock exchange (node:http). Per request: faults, route (from the spec),
 * signature and nonce (for operations whose `security` is not empty), budget (`x-rate-limit`),
 * arguments (the operation's parameters), then the engine. Kraken answers errors with HTTP 200 and
 * `{result: "error", serverTime, error}`; so does this server, except for unknown paths (404) and
 * methods (405), and where the spec declares another status for the error (ticker not found: 404).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { operationCost, TokenBucket } from "@kraken-futures/rest";
import { iso } from "../engine/clock.js";
import { EngineError, type Exchange } from "../engine/exchange.js";
import { type ApiKeyPair, NonceTracker, verifyAuthent } from "./authent.js";
import type { Fault, FaultInjector } from "./faults.js";
import { handlers } from "./handlers.js";
import { readParams } from "./params.js";
import { matchRoute, type Route, type RouteTable } from "./spec-routes.js";

/** A request the server handled, for inspection in tests. */
export interface RequestRecord {
  readonly method: string;
  readonly pathname: string;
  readonly operationId?: string;
  readonly apiKey?: string;
  /** HTTP status sent, or 0 when the connection was dropped. */
  readonly status: number;
  /** Kraken error code of the answer, if it was an error. */
  readonly error?: string;
}

/** What the HTTP layer needs. */
export interface HttpContext {
  readonly table: RouteTable;
  readonly exchange: Exchange;
  readonly keys: readonly ApiKeyPair[];
  readonly faults: FaultInjector;
  /** Handled requests, newest last (the last 1000). */
  readonly log: RequestRecord[];
}

/** Largest request body accepted (a batch of a few hundred instructions fits easily). */
const MAX_BODY_BYTES = 1 << 20;
const LOG_KEPT = 1_000;

const HTML_ERROR = (status: number) =>
  `<html>\r\n<head><title>${status} Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>${status} Service Temporarily Unavailable</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;

/** Creates the server (not yet listening) and a function that closes it and every pending request. */
export function createMockServer(ctx: HttpContext): { server: Server; close(): Promise<void> } {
  const nonces = new NonceTracker();
  const buckets = new Map<string, TokenBucket>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const keyByName = new Map(ctx.keys.map((k) => [k.apiKey, k]));
  const clock = ctx.exchange.clock;

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

  function bucket(apiKey: string, pool: string): TokenBucket | undefined {
    const spec = ctx.table.pools[pool];
    if (!spec) return undefined;
    const id = `${apiKey}\u0000${pool}`;
    let b = buckets.get(id);
    if (!b) {
      b = new TokenBucket(spec, () => clock.now());
      buckets.set(id, b);
    }
    return b;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
    const match = matchRoute(ctx.table, method, pathname);
    const route = match.route;
    const apiKey = header(req, "apikey");
    const info = { method, pathname, operationId: route?.operationId };

    const faults = ctx.faults.take(info);
    for (const f of faults) if (f.kind === "latency") await sleep(f.ms);
    const terminal = faults.find((f) => f.kind !== "latency") as
      | Exclude<Fault, { kind: "latency" }>
      | undefined;
    if (terminal?.kind === "drop") {
      record({ ...info, apiKey, status: 0 });
      req.socket.destroy();
      return;
    }
    if (terminal?.kind === "serverError") {
      const status = terminal.status ?? 503;
      record({ ...info, apiKey, status });
      res.writeHead(status, { "content-type": "text/html" }).end(HTML_ERROR(status));
      return;
    }

    const send = (status: number, payload: Record<string, unknown>, error?: string) => {
      record({ ...info, apiKey, status, error });
      let text = JSON.stringify(payload);
      // A malformed answer is a real answer cut short, as a broken proxy would deliver it.
      if (terminal?.kind === "malformedJson") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      res.writeHead(status, { "content-type": "application/json" }).end(text);
    };
    const fail = (error: string, status = 200) =>
      send(status, { result: "error", serverTime: iso(clock.now()), error }, error);

    if (!route) return fail("notFound", "status" in match ? match.status : 404);
    if (terminal?.kind === "rateLimit") return fail("apiLimitExceeded");

    // Kraken takes arguments from the query string or, for POST/PUT, from a form body; the body wins
    // when there is one, and exactly those bytes are what the client signed.
    const postData = body.length > 0 ? body : rawQuery;
    const args = new URLSearchParams(postData);

    if (route.signed) {
      const key = apiKey === undefined ? undefined : keyByName.get(apiKey);
      const authent = header(req, "authent");
      const nonce = header(req, "nonce") ?? "";
      if (!key || authent === undefined) return fail("authenticationError");
      const ok = await verifyAuthent({ authent, secret: key.apiSecret, postData, nonce, pathname });
      if (!ok) return fail("authenticationError");
      const nonceError = nonces.accept(key.apiKey, nonce);
      if (nonceError) return fail(nonceError);
      if (route.rateLimit.pool) {
        const b = bucket(key.apiKey, route.rateLimit.pool);
        const cost = operationCost(route.rateLimit, Object.fromEntries(args));
        if (b && !b.tryTake(cost)) return fail("apiLimitExceeded");
      }
    }

    const parsed = readParams(ctx.table.document, route, args, match.pathParams);
    if (!parsed.ok) return fail(parsed.error);
    const handler = handlers[route.operationId];
    if (!handler) return fail("Unavailable");
    try {
      const payload = handler(ctx.exchange, parsed.values);
      send(200, { result: "success", serverTime: iso(clock.now()), ...payload });
    } catch (error) {
      if (error instanceof EngineError) return fail(error.code, errorStatus(route, error.code));
      fail("Server Error", 500);
    }
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

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The HTTP status the spec declares for an error of this route: 404 for `notFound` where a 404 exists. */
function errorStatus(route: Route, code: string): number {
  return code === "notFound" && route.statuses.includes("404") ? 404 : 200;
}
