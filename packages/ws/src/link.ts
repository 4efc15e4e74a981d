// One socket of the client and what belongs to it: its listeners, its keep-alive, its rate-limited send
// queue, its pending challenge and the requests it carried. Everything here ends with the socket
// (`teardown`). The client decides what a socket's events mean; this module only wires them.
import { WsConnectionError, WsDecodeError } from "./errors.js";
import { RequestLog } from "./settlement.js";
import type { Logger, SocketEvent, Timers, WebSocketLike } from "./types.js";

const WINDOW_MS = 1000;

/** One socket and its per-connection state. */
export interface Link {
  readonly socket: WebSocketLike;
  readonly queue: string[];
  readonly sentAt: number[];
  /** The requests sent on this connection and what the server acknowledged. */
  readonly requests: RequestLog;
  drainTimer: unknown;
  keepAliveTimer: unknown;
  connectTimer: unknown;
  authTimer: unknown;
  lastActivity: number;
  auth: Promise<AuthFields | undefined> | undefined;
  challenge: { resolve(challenge: string): void; reject(error: Error): void } | undefined;
  isOpen: boolean;
  /** The last socket error, to tell why a connection that never opened ended. */
  lastError: string | undefined;
}

/** The fields a signed challenge adds to a private (un)subscribe request. */
export interface AuthFields {
  api_key: string;
  original_challenge: string;
  signed_challenge: string;
}

/** A new link for `socket`; `all` is the client's key of "every product". */
export function createLink(socket: WebSocketLike, now: number, all: string): Link {
  return {
    socket,
    queue: [],
    sentAt: [],
    requests: new RequestLog(all),
    drainTimer: undefined,
    keepAliveTimer: undefined,
    connectTimer: undefined,
    authTimer: undefined,
    lastActivity: now,
    auth: undefined,
    challenge: undefined,
    isOpen: false,
    lastError: undefined,
  };
}

/** What the client hears from a link's socket; `isCurrent` is asked before each is called. */
export interface LinkHandlers {
  isCurrent(): boolean;
  now(): number;
  open(): void;
  frame(data: unknown): void;
  close(code: number | undefined, reason: string | undefined): void;
  error(message: string | undefined): void;
  /** A text frame over `maxPayload` on a socket that does not enforce it (browsers). */
  oversize(error: WsDecodeError): void;
}

/** The text of a `ws` text frame (a Buffer, as its own `addEventListener` wrapper converts it). */
function textOf(data: unknown): unknown {
  return typeof data === "string" ? data : (data as { toString(): string }).toString();
}

/** Listens to the link's socket, in whichever shape it comes. */
export function listen(link: Link, handlers: LinkHandlers, maxPayload: number): void {
  const { socket } = link;
  const onOpen = () => {
    if (!handlers.isCurrent()) return;
    link.isOpen = true;
    handlers.open();
  };
  const onClose = (code: number | undefined, reason: string | undefined) => {
    if (handlers.isCurrent()) handlers.close(code, reason);
  };
  const onError = (message: string | undefined) => {
    if (!handlers.isCurrent()) return;
    link.lastError = message;
    handlers.error(message);
  };
  const onPong = () => {
    link.lastActivity = handlers.now();
  };
  if (typeof socket.on === "function" && typeof socket.ping === "function") {
    // The `ws` package: its EventEmitter API hands over the frame itself. Its `addEventListener`
    // wrapper would build a MessageEvent for every frame, a cost paid per book update. It enforces
    // maxPayload itself.
    socket.on("open", onOpen);
    socket.on("message", (data: unknown, isBinary: boolean) => {
      if (!handlers.isCurrent()) return;
      link.lastActivity = handlers.now();
      handlers.frame(isBinary ? data : textOf(data));
    });
    socket.on("close", (code: number, reason: unknown) => onClose(code, reason ? String(reason) : undefined));
    socket.on("error", (error: { message?: string } | undefined) => onError(error?.message));
    socket.on("pong", onPong);
    return;
  }
  socket.addEventListener("open", onOpen);
  socket.addEventListener("message", (event: SocketEvent) => {
    if (!handlers.isCurrent()) return;
    link.lastActivity = handlers.now();
    const size = frameSize(event.data);
    if (size > maxPayload) {
      const start = typeof event.data === "string" ? event.data.slice(0, 200) : "<binary>";
      const text = `a frame of ${size} bytes exceeds maxPayload (${maxPayload} bytes): dropped`;
      handlers.oversize(new WsDecodeError(text, start));
      return;
    }
    handlers.frame(event.data);
  });
  socket.addEventListener("close", (event: SocketEvent) => onClose(event.code, event.reason));
  socket.addEventListener("error", (event: SocketEvent) => onError(event.message));
  if (typeof socket.on === "function") socket.on("pong", onPong);
}

/** Size of a frame as the generic path receives it: UTF-16 units of text, bytes of binary data. */
function frameSize(data: unknown): number {
  if (typeof data === "string") return data.length;
  return (data as { byteLength?: number } | null)?.byteLength ?? 0;
}

/** What the keep-alive loop needs. */
export interface KeepAliveDeps {
  readonly timers: Timers;
  readonly log: Logger;
  now(): number;
  isCurrent(): boolean;
  readonly pingIntervalMs: number;
  readonly silenceTimeoutMs: number;
  /** Nothing arrived for `silenceTimeoutMs`. */
  silent(): void;
}

/**
 * Pings every `pingIntervalMs` where the socket can, and calls `silent` when nothing (message or pong)
 * arrived for `silenceTimeoutMs`. The check runs at least twice per silence timeout.
 */
export function startKeepAlive(link: Link, deps: KeepAliveDeps): void {
  const canPing = typeof link.socket.ping === "function";
  const tick = Math.min(deps.pingIntervalMs, deps.silenceTimeoutMs / 2);
  let lastPing = deps.now();
  const check = () => {
    if (!deps.isCurrent()) return;
    const now = deps.now();
    if (now - link.lastActivity >= deps.silenceTimeoutMs) {
      deps.silent();
      return;
    }
    if (canPing && now - lastPing >= deps.pingIntervalMs) {
      lastPing = now;
      try {
        link.socket.ping!();
      } catch (error) {
        deps.log.debug?.("ping failed", { error: String(error) });
      }
    }
    link.keepAliveTimer = deps.timers.setTimeout(check, tick);
  };
  link.keepAliveTimer = deps.timers.setTimeout(check, tick);
}

/** What the send queue needs. */
export interface SendDeps {
  readonly timers: Timers;
  readonly perSecond: number;
  now(): number;
  isCurrent(link: Link): boolean;
  failed(cause: unknown): void;
}

/** Queues a request on the link; it leaves within the rate, in order. */
export function send(link: Link, request: object, deps: SendDeps): void {
  link.queue.push(JSON.stringify(request));
  drain(link, deps);
}

/** At most `perSecond` frames in any sliding second; the rest wait in order. */
export function drain(link: Link, deps: SendDeps): void {
  if (!deps.isCurrent(link) || !link.isOpen) return;
  const now = deps.now();
  while (link.queue.length > 0) {
    while (link.sentAt.length > 0 && now - link.sentAt[0]! >= WINDOW_MS) link.sentAt.shift();
    if (link.sentAt.length >= deps.perSecond) break;
    const frame = link.queue.shift()!;
    link.sentAt.push(now);
    try {
      link.socket.send(frame);
    } catch (cause) {
      deps.failed(cause);
      return;
    }
  }
  if (link.queue.length > 0 && link.drainTimer === undefined) {
    const wait = Math.max(1, link.sentAt[0]! + WINDOW_MS - now);
    link.drainTimer = deps.timers.setTimeout(() => {
      link.drainTimer = undefined;
      drain(link, deps);
    }, wait);
  }
}

/** Ends a link: every timer it armed, a pending challenge, the socket. */
export function teardown(link: Link, timers: Timers, code: number, reason: string): void {
  timers.clearTimeout(link.drainTimer);
  timers.clearTimeout(link.keepAliveTimer);
  timers.clearTimeout(link.connectTimer);
  // Rejecting the challenge also clears its timer: no timer outlives the connection.
  link.challenge?.reject(new WsConnectionError("the connection closed before the challenge came"));
  try {
    link.socket.close(code, reason.slice(0, 100));
  } catch {
    // already closed
  }
}
