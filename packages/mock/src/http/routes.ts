/**
 * The mock's routes, read from the generated operation tables (`src/generated/*.operations.gen.ts`, the
 * same `ApiDescription` the clients read) and their server facts (`*.server.gen.ts`: extra methods,
 * form fields, lenient JSON, declared statuses): every operation's method and path, whether it is
 * signed, its rate-limit rule and its parameters. Nothing is read from the spec documents at run time,
 * so the mock and the clients cannot disagree about an operation.
 */
import type {
  ApiDescription,
  OperationDescription,
  RateLimitPool,
  RateLimitRule,
  ServerDescription,
  ServerOperationFacts,
} from "@kraken-futures/core";

/** One operation of a table as the server matches it. */
export interface Route {
  readonly operationId: string;
  readonly method: string;
  /** Path template relative to the base path (`/tickers/{symbol}`). */
  readonly path: string;
  /** Full path template including the base path (`/derivatives/api/v3/tickers/{symbol}`). */
  readonly fullPath: string;
  readonly signed: boolean;
  readonly rateLimit: RateLimitRule;
  /**
   * The operation's table entry as the server checks it: the client's, with every typed field of a
   * JSON parameter's instructions (the client's table keeps only the bounded ones).
   */
  readonly operation: OperationDescription;
  /** The operation's server facts (form fields, lenient JSON, declared statuses). */
  readonly facts: ServerOperationFacts;
  readonly regex: RegExp;
  readonly pathParams: readonly string[];
}

/** The routing table of one surface. */
export interface RouteTable {
  readonly basePath: string;
  readonly pools: Readonly<Record<string, RateLimitPool>>;
  readonly routes: readonly Route[];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The entry with the server's fuller JSON instructions in place of the client's. */
function checkedAs(op: OperationDescription, facts: ServerOperationFacts): OperationDescription {
  const items = facts.jsonItems;
  if (!items || !op.params) return op;
  return { ...op, params: op.params.map((p) => (items[p.name] ? { ...p, items: items[p.name] } : p)) };
}

function toRoute(
  basePath: string,
  op: OperationDescription,
  facts: ServerOperationFacts,
  method: string,
): Route {
  const fullPath = (op.basePath ?? basePath) + op.path;
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
  const regex = new RegExp(`^${op.path === "/" ? `${pattern.slice(0, -1)}/?` : pattern}$`);
  return {
    operationId: op.operationId,
    method,
    path: op.path,
    fullPath,
    signed: op.signed,
    rateLimit: op.rateLimit,
    operation: checkedAs(op, facts),
    facts,
    regex,
    pathParams,
  };
}

/**
 * Builds the routing table of a generated operation table (`tradingApi`, `historyApi`, ...) and its
 * server facts (`tradingServer`, ...; default none).
 */
export function buildRoutes(api: ApiDescription, server: ServerDescription = {}): RouteTable {
  const routes: Route[] = [];
  for (const [key, op] of Object.entries(api.operations)) {
    const facts = server[key] ?? {};
    routes.push(toRoute(api.basePath, op, facts, op.method));
    // Methods Kraken also answers the operation on (`x-accepted-methods`), with the same arguments.
    for (const extra of facts.acceptedMethods ?? []) routes.push(toRoute(api.basePath, op, facts, extra));
  }
  // Literal segments win over templates (`/analytics/liquidity-pool` before `/{tick_type}/{symbol}`).
  routes.sort((a, b) => a.pathParams.length - b.pathParams.length);
  return { basePath: api.basePath, pools: api.pools, routes };
}

/** True when the route's operation declares `status` (`"404"`) among its answers. */
export function declares(route: Route | undefined, status: string): boolean {
  return route?.facts.errorStatuses?.includes(status) === true;
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
