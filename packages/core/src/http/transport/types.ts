import type { LiteRequest, LiteResponse } from "./lite.js";

/** A `fetch`-compatible function as the client calls it: one `Request` in, one `Response` out. */
export type Fetch = (request: Request) => Promise<Response>;

/** A transport that also takes the client's {@link LiteRequest} directly (the Node default does). */
export type LiteTransport = Fetch & {
  readonly lite?: ((request: LiteRequest) => Promise<LiteResponse>) | undefined;
};

/** Options of the default transport. */
export interface TransportOptions {
  /** Node only: sockets per origin in the keep-alive pool; default 16. */
  readonly maxSockets?: number;
  /**
   * Node only: a response body longer than this is cut off and the call fails with an
   * `UnexpectedResponseError`; default 16 MiB (the largest Kraken answer, `/instruments`, is well below 1 MiB).
   */
  readonly maxResponseBytes?: number;
}

/** Default of {@link TransportOptions.maxSockets}. */
export const DEFAULT_MAX_SOCKETS = 16;
/** Default of {@link TransportOptions.maxResponseBytes}. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Thrown by the Node transport when a body exceeds `maxResponseBytes`; the client maps it. */
export class ResponseTooLargeError extends Error {
  readonly status: number;
  readonly limit: number;
  constructor(status: number, limit: number) {
    super(`response body exceeds ${limit} bytes`);
    this.name = "ResponseTooLargeError";
    this.status = status;
    this.limit = limit;
  }
}
