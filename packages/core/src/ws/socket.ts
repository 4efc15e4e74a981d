import { ConnectionError } from "./errors.js";

/**
 * The part of a WebSocket the connection uses: the WHATWG `WebSocket` (browsers, Node 22, Deno, Bun) and
 * the `ws` package both fit.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: every WebSocket's own event types (DOM, ws) fit only `any`.
  addEventListener?(type: "open" | "message" | "close" | "error", listener: (event: any) => void): void;
  /** A protocol-level ping (the `ws` package); browsers have none. */
  ping?(): void;
  /** Node-style listeners (the `ws` package): used, when present with `ping`, instead of `addEventListener`. */
  // biome-ignore lint/suspicious/noExplicitAny: the `ws` package's listener signatures differ per event.
  on?(event: "open" | "message" | "close" | "error" | "pong", listener: (...args: any[]) => void): unknown;
}

/**
 * A WebSocket constructor: `globalThis.WebSocket`, or `WebSocket` from the `ws` package. The third
 * argument carries `maxPayload` to the `ws` package; WHATWG constructors ignore it.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { maxPayload?: number },
) => WebSocketLike;

/** What the connection hears from one socket. */
export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number | undefined, reason: string): void;
  error(message: string | undefined): void;
  /** A protocol-level pong (the `ws` package). */
  pong(): void;
}

/** The text of a `ws` text frame (a Buffer), as its own `addEventListener` wrapper converts it. */
function textOf(data: unknown, isBinary: boolean): unknown {
  if (isBinary || typeof data === "string") return data;
  return (data as { toString(): string }).toString();
}

function errorText(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const own = (error as { message?: unknown }).message;
  if (typeof own === "string" && own.length > 0) return own;
  const inner = (error as { error?: { message?: unknown } }).error?.message; // a DOM ErrorEvent
  return typeof inner === "string" && inner.length > 0 ? inner : undefined;
}

/** Listens to a socket of either shape; every callback goes to `handlers`. */
export function listen(socket: WebSocketLike, handlers: SocketHandlers): void {
  if (typeof socket.on === "function" && typeof socket.ping === "function") {
    // The `ws` package: its EventEmitter API hands over the frame itself. Its `addEventListener` wrapper
    // would build a MessageEvent for every frame, a cost paid per book update.
    socket.on("open", () => handlers.open());
    socket.on("message", (data: unknown, isBinary: boolean) => handlers.message(textOf(data, isBinary)));
    socket.on("close", (code: number, reason: unknown) => handlers.close(code, String(reason ?? "")));
    socket.on("error", (error: unknown) => handlers.error(errorText(error)));
    socket.on("pong", () => handlers.pong());
    return;
  }
  if (typeof socket.addEventListener !== "function") {
    throw new TypeError("the WebSocket has neither addEventListener nor on");
  }
  socket.addEventListener("open", () => handlers.open());
  socket.addEventListener("message", (event: { data?: unknown }) => handlers.message(event.data));
  socket.addEventListener("close", (event: { code?: number; reason?: string }) =>
    handlers.close(event.code, event.reason ?? ""),
  );
  socket.addEventListener("error", (event: unknown) => handlers.error(errorText(event)));
}

/** How the `ws` package reports an HTTP answer to the upgrade ("Unexpected server response: 404"). */
const UPGRADE_STATUS = /unexpected server response:?\s*(\d{3})/i;

/**
 * Names why a socket ended, from what it reported: a socket that never opened was refused (by the OS or
 * the network, or by an HTTP status on the upgrade); one that opened was closed by the other side. The
 * two read differently on purpose: "closed by the server (code 1006)" for a refused connection misled users.
 */
export function describeEnd(
  url: string,
  opened: boolean,
  lastError: string | undefined,
  close: { code: number | undefined; reason: string },
): ConnectionError {
  if (opened) {
    const code = close.code ?? 1006;
    const why = close.reason ? `: ${close.reason}` : "";
    // An error before the close means this side ended it (a frame over maxPayload: 1009), not the server.
    const text =
      code === 1006
        ? `the connection to ${url} dropped without a close frame (code 1006${lastError ? `, ${lastError}` : ""})`
        : lastError
          ? `the connection closed after an error: ${lastError} (code ${code}${why})`
          : `closed by the server (code ${code}${why})`;
    return new ConnectionError(text, "closed", { code, detail: lastError });
  }
  const status = lastError?.match(UPGRADE_STATUS)?.[1];
  if (status !== undefined) {
    return new ConnectionError(
      `the server refused the WebSocket upgrade of ${url} with HTTP ${status}`,
      "upgrade-refused",
      { status: Number(status), detail: lastError },
    );
  }
  return new ConnectionError(
    `could not connect to ${url}: ${lastError ?? "the connection was refused or reset"} (no WebSocket was opened)`,
    "refused",
    { detail: lastError },
  );
}

/** Whether an upgrade refusal is final: a 4xx other than 408 (timeout) and 429 (too many requests). */
export function isFinalRefusal(error: ConnectionError): boolean {
  const status = error.status;
  return (
    error.kind === "upgrade-refused" &&
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    status !== 408 &&
    status !== 429
  );
}

/** A new socket; `maxPayload` goes to the constructor only when set, so WHATWG constructors see one argument. */
export function openSocket(
  WebSocket: WebSocketConstructor,
  url: string,
  maxPayload: number | undefined,
): WebSocketLike {
  return maxPayload === undefined ? new WebSocket(url) : new WebSocket(url, undefined, { maxPayload });
}

/** The error of something asked of a closed connection. */
export function closedError(what: string): ConnectionError {
  return new ConnectionError(`${what}: the connection is closed`, "client-closed");
}

/** `error` as a `ConnectionError` of `kind`, kept as it is when it already is one. */
export function asConnectionError(error: unknown, kind: "auth", text: string): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ConnectionError(`${text}: ${detail}`, kind, { cause: error });
}

/** The WebSocket constructor to use, after checking the URL. */
export function resolveWebSocket(url: string, given: WebSocketConstructor | undefined): WebSocketConstructor {
  const protocol = new URL(url).protocol;
  if (protocol !== "ws:" && protocol !== "wss:") {
    throw new TypeError(`createConnection: url must be ws:// or wss://, got ${protocol}`);
  }
  const ctor = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!ctor) throw new TypeError("createConnection: no WebSocket constructor given, and none is global");
  return ctor;
}
