/**
 * The HTTP surfaces the mock serves, one per generated operation table: Trading (`/derivatives/api/v3`,
 * plus the `/derivatives/api/v4` path override), History (`/api/history`) and Charts
 * (`/api/charts/v1`). Each has its routes and budget pools from its table, its handlers, and its own
 * shapes of success and refusal: Trading wraps both in `{result, serverTime}` (errors on HTTP 200),
 * History answers the page itself and refuses with an HTTP 4xx and `{status, reason, error}`, Charts
 * answers bare arrays and objects and refuses with an HTTP 4xx and `{errors: [...]}`.
 */

import type { ApiDescription, ServerDescription } from "@kraken-futures/core";
import { iso } from "../engine/clock.js";
import type { Exchange } from "../engine/exchange.js";
import { HistoryRecorder } from "../engine/history.js";
import { chartsApi } from "../generated/charts.operations.gen.js";
import { chartsServer } from "../generated/charts.server.gen.js";
import { historyApi } from "../generated/history.operations.gen.js";
import { historyServer } from "../generated/history.server.gen.js";
import { type SpotSetup, spotSurface } from "../spot/surface.js";
import { chartsHandlers } from "./charts-handlers.js";
import { type Args, handlers as tradingHandlers } from "./handlers.js";
import { historyHandlers } from "./history-handlers.js";
import type { SurfaceHandler } from "./raw-body.js";
import { buildRoutes, declares, type Route, type RouteTable } from "./routes.js";

/** Why a request is refused: a Kraken error code, with what the surface may show of it. */
export interface Refusal {
  /** Kraken's code (`authenticationError`, `apiLimitExceeded`, `invalidArgument`, `notFound`, ...). */
  readonly code: string;
  /** HTTP status imposed by the router (404 unknown path, 405 wrong method, 500 handler crash). */
  readonly status?: number;
  /** What was wrong, for a human. */
  readonly detail?: string;
  /** The parameter at fault, if any. */
  readonly param?: string;
  /** The route, when the request matched one. */
  readonly route?: Route;
}

/** A request as a surface that signs its own way reads it. */
export interface AdmitRequest {
  readonly route: Route;
  readonly pathname: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** The raw body, exactly as received. */
  readonly body: string;
}

/** The key and checked arguments of an admitted request, or its refusal. */
export type Admission =
  | { readonly ok: true; readonly apiKey: string; readonly args: Record<string, unknown> }
  | { readonly ok: false; readonly refusal: Refusal };

/** One served document. */
export interface Surface {
  readonly name: string;
  readonly table: RouteTable;
  /** Base paths the surface answers under (its servers, and path-level server overrides). */
  readonly bases: readonly string[];
  readonly handlers: Readonly<Record<string, SurfaceHandler>>;
  /** The success body of a handler's payload. */
  success(payload: unknown, now: number): unknown;
  /** Status and body of a refusal, in this surface's shape, and its error as the request log shows it (default the code). */
  refuse(refusal: Refusal, now: number): { status: number; body: Record<string, unknown>; error?: string };
  /**
   * Set by a surface that signs and carries its arguments its own way (Spot: `API-Key`/`API-Sign`, the
   * nonce and the arguments in a form or JSON body): it replaces the Futures signature, nonce and
   * argument checks; the server still applies faults, routing and the surface's budget pools.
   */
  admit?(request: AdmitRequest): Promise<Admission>;
  /** A handler's error as this surface's refusal, when it is one (besides `EngineError`). */
  refusalOf?(error: unknown): Refusal | undefined;
}

function basesOf(table: RouteTable): string[] {
  const bases = new Set<string>([table.basePath]);
  for (const r of table.routes) bases.add(r.fullPath.slice(0, r.fullPath.length - r.path.length));
  return [...bases];
}

/** True when `pathname` lies under one of the surface's base paths. */
export function owns(surface: Surface, pathname: string): boolean {
  return surface.bases.some((b) => pathname === b || pathname.startsWith(`${b}/`));
}

/** Trading: `{result: "success", serverTime, ...}`; errors on HTTP 200 except unknown paths and declared 404s. */
export function tradingSurface(exchange: Exchange, table: RouteTable): Surface {
  const bound = Object.fromEntries(
    Object.entries(tradingHandlers).map(([id, h]) => [id, (a: Args) => h(exchange, a)]),
  );
  return {
    name: "trading",
    table,
    bases: basesOf(table),
    handlers: bound,
    success: (payload, now) => ({
      result: "success",
      serverTime: iso(now),
      ...(payload as Record<string, unknown>),
    }),
    refuse: (r, now) => ({
      status: r.status ?? (r.code === "notFound" && declares(r.route, "404") ? 404 : 200),
      body: { result: "error", serverTime: iso(now), error: r.code },
    }),
  };
}

/** HTTP status of a refusal on the History and Charts APIs, which use HTTP statuses for errors. */
function httpStatus(code: string): number {
  switch (code) {
    case "authenticationError":
    case "nonceBelowThreshold":
    case "nonceDuplicate":
      return 401;
    case "apiLimitExceeded":
      return 429;
    case "notFound":
      return 404;
    case "Server Error":
      return 500;
    case "Unavailable":
      return 501;
    default:
      return 400;
  }
}

const STATUS_WORDS: Readonly<Record<number, [string, string]>> = {
  400: ["bad_request", "The request has invalid arguments."],
  401: ["unauthorized", "The request could not be authenticated."],
  404: ["not_found", "Resource was not found."],
  405: ["method_not_allowed", "The method is not allowed on this resource."],
  429: ["too_many_requests", "The history rate limit is exceeded; tokens come back over 10 minutes."],
  500: ["internal_error", "There was an error processing the request."],
  501: ["not_implemented", "The endpoint is not available."],
};

/** A refusal's HTTP status with its status word and default reason. */
interface HttpRefusal {
  readonly status: number;
  readonly word: string;
  readonly reason: string;
}

/** A surface that answers the payload itself and refuses with an HTTP status and `body`. */
function httpSurface(
  name: string,
  api: ApiDescription,
  server: ServerDescription,
  handlers: Readonly<Record<string, SurfaceHandler>>,
  body: (r: Refusal, http: HttpRefusal, now: number) => Record<string, unknown>,
): Surface {
  const table = buildRoutes(api, server);
  return {
    name,
    table,
    bases: basesOf(table),
    handlers,
    success: (payload) => payload,
    refuse: (r, now) => {
      const status = r.status ?? httpStatus(r.code);
      const [word, reason] = STATUS_WORDS[status] ?? STATUS_WORDS[400]!;
      return { status, body: body(r, { status, word, reason }, now) };
    },
  };
}

/**
 * History: the page itself on success; a refusal is an HTTP 4xx with the documented
 * `{status, reason}` plus Kraken's `error` code (`HistoryErrorResponse`).
 */
export function historySurface(recorder: HistoryRecorder, api: ApiDescription = historyApi): Surface {
  return httpSurface("history", api, historyServer, historyHandlers(recorder), (r, http, now) => ({
    status: http.word,
    reason: http.status === 400 && r.detail ? `Invalid argument ${r.detail}.` : http.reason,
    error: r.code,
    serverTime: iso(now),
  }));
}

/**
 * Charts: bare arrays and objects on success; a refusal is an HTTP 4xx with `{errors: [AnalyticsError]}`,
 * plus an empty `result` where the operation declares that body for its 400 (the liquidity pool).
 */
export function chartsSurface(exchange: Exchange, api: ApiDescription = chartsApi): Surface {
  return httpSurface("charts", api, chartsServer, chartsHandlers(exchange), (r, http) => {
    const error: Record<string, unknown> = {
      severity: "ERROR",
      error_class: http.status === 400 ? "VALIDATION" : http.word.toUpperCase(),
      type: r.code,
      msg: r.detail ?? http.reason,
    };
    if (r.param !== undefined) error.field = r.param;
    const out: Record<string, unknown> = { errors: [error] };
    if (declares(r.route, "400")) out.result = { timestamp: [], more: false, data: [] };
    return out;
  });
}

/**
 * The surfaces over one exchange: Trading from its routing table, History and Charts from their
 * generated tables, and with `spot` the Spot REST subset, whose ledger reads the same account log as
 * History. Starts recording the account's history: call it right after creating the exchange, before
 * any order is sent.
 */
export function createSurfaces(
  exchange: Exchange,
  trading: RouteTable,
  tables: { history?: ApiDescription; charts?: ApiDescription } = {},
  spot?: SpotSetup,
): Surface[] {
  const recorder = new HistoryRecorder(exchange);
  const surfaces = [
    tradingSurface(exchange, trading),
    historySurface(recorder, tables.history),
    chartsSurface(exchange, tables.charts),
  ];
  if (spot) surfaces.push(spotSurface(recorder, spot));
  return surfaces;
}
