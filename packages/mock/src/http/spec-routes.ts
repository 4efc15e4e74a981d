/**
 * The mock's routes, read from the bundled OpenAPI document: every path and method of the spec, its
 * parameters, whether it is signed (`security`), its rate-limit rule (`x-rate-limit`) and the schema
 * of its 200 response. No operation is listed by hand here.
 */
import type { RateLimitPool, RateLimitRule } from "@kraken-futures/core";
import { type JsonSchema, resolveRef } from "./schema-check.js";

/** A parameter of an operation (query or path), with its schema. */
export interface RouteParameter {
  readonly name: string;
  readonly in: "query" | "path" | "header" | "cookie";
  readonly required: boolean;
  /** The value's schema; for a `content: application/json` parameter, the parsed document's schema. */
  readonly schema: JsonSchema;
  /** True for a parameter whose value is a JSON document (`batchorder`'s `json`). */
  readonly json: boolean;
}

/** One operation of the spec as the server uses it. */
export interface Route {
  readonly operationId: string;
  readonly method: string;
  /** Path template relative to the base path (`/tickers/{symbol}`). */
  readonly path: string;
  /** Full path template including the base path (`/derivatives/api/v3/tickers/{symbol}`). */
  readonly fullPath: string;
  readonly signed: boolean;
  readonly rateLimit: RateLimitRule;
  readonly parameters: readonly RouteParameter[];
  /** Schema of a form-encoded request body (`orders/status`), if any. */
  readonly formBody?: JsonSchema;
  /** Schema of the 200 response (the success/error union). */
  readonly responseSchema?: JsonSchema;
  /** HTTP statuses the operation declares (`"200"`, `"404"`). */
  readonly statuses: readonly string[];
  /**
   * True when the `json` argument is read leniently (`x-json-scalars: {lenient: true}`): decimal strings
   * for numbers and numbers for strings, as Kraken accepts them.
   */
  readonly lenientJson: boolean;
  readonly regex: RegExp;
  readonly pathParams: readonly string[];
}

/** The routing table of one spec document. */
export interface RouteTable {
  readonly document: Record<string, unknown>;
  readonly basePath: string;
  readonly pools: Readonly<Record<string, RateLimitPool>>;
  readonly routes: readonly Route[];
}

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function basePathOf(servers: unknown): string {
  const url = (servers as { url?: string }[] | undefined)?.[0]?.url;
  if (!url) return "";
  return new URL(url, "http://localhost").pathname.replace(/\/$/, "");
}

/** Builds the routing table of an OpenAPI document (as `loadSpec("trading")` returns it). */
export function buildRoutes(document: Record<string, unknown>): RouteTable {
  const basePath = basePathOf(document.servers);
  const routes: Route[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = (rawItem.$ref ? resolveRef(document, rawItem.$ref as string) : rawItem) as Record<
      string,
      unknown
    >;
    const itemBase = item.servers ? basePathOf(item.servers) : basePath;
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const rawParams = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
      const parameters = rawParams.map((p) => toParameter(document, p));
      const security = (op.security ?? document.security ?? []) as unknown[];
      const fullPath = itemBase + path;
      const pathParams: string[] = [];
      const pattern = fullPath
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{(.+)\}$/.exec(part);
          if (!m) return escapeRegex(part);
          pathParams.push(m[1]!);
          return "([^/]+)";
        })
        .join("");
      // The root path of a document (Charts' `/`) answers with or without its trailing slash.
      const regex = new RegExp(`^${path === "/" ? `${pattern.slice(0, -1)}/?` : pattern}$`);
      const body = op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined;
      const content = (
        op.responses as Record<string, { content?: Record<string, { schema?: JsonSchema }> }>
      )?.["200"]?.content?.["application/json"];
      const route: Route = {
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        fullPath,
        signed: security.length > 0,
        rateLimit: (op["x-rate-limit"] as RateLimitRule | undefined) ?? { cost: 0 },
        parameters,
        formBody: body?.content?.["application/x-www-form-urlencoded"]?.schema,
        responseSchema: content?.schema,
        statuses: Object.keys((op.responses ?? {}) as object),
        regex,
        pathParams,
        lenientJson: (op["x-json-scalars"] as { lenient?: unknown } | undefined)?.lenient === true,
      };
      routes.push(route);
      // Methods Kraken also answers the operation on (`x-accepted-methods`), with the same arguments.
      const also = (op["x-accepted-methods"] as { methods?: string[] } | undefined)?.methods ?? [];
      for (const extra of also) routes.push({ ...route, method: extra.toUpperCase() });
    }
  }
  // Literal segments win over templates (`/analytics/liquidity-pool` before `/{tick_type}/{symbol}`).
  routes.sort((a, b) => a.pathParams.length - b.pathParams.length);
  return {
    document,
    basePath,
    pools: (document["x-rate-limit-pools"] ?? {}) as Record<string, RateLimitPool>,
    routes,
  };
}

function toParameter(document: unknown, raw: unknown): RouteParameter {
  const p = (
    (raw as { $ref?: string }).$ref ? resolveRef(document, (raw as { $ref: string }).$ref) : raw
  ) as Record<string, unknown>;
  const jsonContent = (p.content as Record<string, { schema?: JsonSchema }> | undefined)?.[
    "application/json"
  ];
  return {
    name: String(p.name),
    in: p.in as RouteParameter["in"],
    required: p.required === true,
    schema: jsonContent?.schema ?? (p.schema as JsonSchema | undefined) ?? true,
    json: jsonContent !== undefined,
  };
}

/** The outcome of matching a request to the table. */
export type RouteMatch =
  | { readonly route: Route; readonly pathParams: Readonly<Record<string, string>> }
  | { readonly route?: undefined; readonly status: 400 | 404 | 405 };

/**
 * Finds the route of a method and URL pathname: 404 when no path matches, 405 when the method does not,
 * 400 when a path argument is not valid percent-encoding (`/tickers/%FF`), a bad argument rather than a
 * crash, so that clients do not retry it.
 */
export function matchRoute(table: RouteTable, method: string, pathname: string): RouteMatch {
  let pathMatched = false;
  for (const route of table.routes) {
    const m = route.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const pathParams: Record<string, string> = {};
    for (const [i, name] of route.pathParams.entries()) {
      try {
        pathParams[name] = decodeURIComponent(m[i + 1]!);
      } catch {
        return { status: 400 };
      }
    }
    return { route, pathParams };
  }
  return { status: pathMatched ? 405 : 404 };
}
