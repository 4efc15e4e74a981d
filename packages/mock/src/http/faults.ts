/**
 * Fault injection: make the next requests (or those a matcher picks) slow, dropped, answered with a
 * 5xx HTML page, with malformed JSON, or with `apiLimitExceeded`, to test how a client copes.
 */

/** What a fault does to a request. */
export type Fault =
  /** Waits `ms` milliseconds before handling the request (combines with the other faults). */
  | { readonly kind: "latency"; readonly ms: number }
  /** Destroys the socket without answering. */
  | { readonly kind: "drop" }
  /** Answers with an HTML error page, as a proxy in front of Kraken does. `status` default 503. */
  | { readonly kind: "serverError"; readonly status?: number }
  /** Answers HTTP 200 with a truncated JSON body. */
  | { readonly kind: "malformedJson" }
  /** Answers `{result: "error", error: "apiLimitExceeded"}` without spending budget. */
  | { readonly kind: "rateLimit" };

/** What a matcher sees of a request. */
export interface RequestInfo {
  readonly method: string;
  readonly pathname: string;
  /** The spec's operationId, when the path is known. */
  readonly operationId?: string;
}

/** Picks requests: by method, path (exact or RegExp) and operationId, or a function. */
export type FaultMatcher =
  | { readonly method?: string; readonly path?: string | RegExp; readonly operationId?: string }
  | ((request: RequestInfo) => boolean);

/** When a fault applies. */
export interface FaultScope {
  /** How many matching requests it affects. Default 1 without `match`, unlimited with it. */
  readonly times?: number;
  /** Which requests it affects. Default: every request. */
  readonly match?: FaultMatcher;
}

/** A registered fault. */
export interface FaultHandle {
  readonly id: number;
  /** Matching requests it may still affect (Infinity when unlimited). */
  readonly remaining: number;
  /** Unregisters it. */
  remove(): void;
}

interface Entry {
  readonly id: number;
  readonly fault: Fault;
  remaining: number;
  readonly match?: FaultMatcher;
}

function matches(m: FaultMatcher | undefined, r: RequestInfo): boolean {
  if (m === undefined) return true;
  if (typeof m === "function") return m(r);
  if (m.method !== undefined && m.method.toUpperCase() !== r.method) return false;
  if (m.operationId !== undefined && m.operationId !== r.operationId) return false;
  if (m.path !== undefined) {
    if (typeof m.path === "string" ? m.path !== r.pathname : !m.path.test(r.pathname)) return false;
  }
  return true;
}

/** The faults of one mock exchange. */
export class FaultInjector {
  readonly #entries: Entry[] = [];
  #nextId = 1;

  /** Registers a fault. */
  add(fault: Fault, scope: FaultScope = {}): FaultHandle {
    const entry: Entry = {
      id: this.#nextId++,
      fault,
      remaining: scope.times ?? (scope.match ? Number.POSITIVE_INFINITY : 1),
      match: scope.match,
    };
    this.#entries.push(entry);
    const entries = this.#entries;
    return {
      id: entry.id,
      get remaining() {
        return entry.remaining;
      },
      remove() {
        const i = entries.indexOf(entry);
        if (i >= 0) entries.splice(i, 1);
      },
    };
  }

  /** Delays matching requests by `ms`. */
  latency(ms: number, scope?: FaultScope): FaultHandle {
    return this.add({ kind: "latency", ms }, scope);
  }

  /** Drops matching requests (socket destroyed, no answer). */
  drop(scope?: FaultScope): FaultHandle {
    return this.add({ kind: "drop" }, scope);
  }

  /** Answers matching requests with an HTML error page (default 503). */
  serverError(status = 503, scope?: FaultScope): FaultHandle {
    return this.add({ kind: "serverError", status }, scope);
  }

  /** Answers matching requests with truncated JSON. */
  malformedJson(scope?: FaultScope): FaultHandle {
    return this.add({ kind: "malformedJson" }, scope);
  }

  /** Answers matching requests with `apiLimitExceeded`. */
  rateLimit(scope?: FaultScope): FaultHandle {
    return this.add({ kind: "rateLimit" }, scope);
  }

  /** Removes every fault. */
  clear(): void {
    this.#entries.length = 0;
  }

  /** Faults registered and not used up. */
  get size(): number {
    return this.#entries.length;
  }

  /**
   * The faults that apply to a request, consuming one use of each: every matching latency, plus the
   * first matching fault of another kind (a request can be slow and then dropped, not dropped twice).
   */
  take(request: RequestInfo): Fault[] {
    const out: Fault[] = [];
    let terminal = false;
    for (const e of [...this.#entries]) {
      if (!matches(e.match, request)) continue;
      if (e.fault.kind !== "latency") {
        if (terminal) continue;
        terminal = true;
      }
      out.push(e.fault);
      e.remaining -= 1;
      if (e.remaining <= 0) this.#entries.splice(this.#entries.indexOf(e), 1);
    }
    return out;
  }
}
