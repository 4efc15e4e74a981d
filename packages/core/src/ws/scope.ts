import type { Clock, TimerHandle, Timers } from "../clock.js";
import { failRequests } from "./acks.js";
import { ConnectionError } from "./errors.js";
import type { ConnectionScope, PendingRequest } from "./protocol.js";
import { SendQueue, type SendRate } from "./send-queue.js";
import { listen, type SocketHandlers, type WebSocketLike } from "./socket.js";

/** A request of one socket waiting for its acknowledgement. */
export interface PendingEntry<In, Sub> {
  readonly request: PendingRequest<Sub>;
  /** True once the frame left the send queue. */
  sent: boolean;
  timer: TimerHandle | undefined;
  resolve(message: In | undefined): void;
  reject(error: unknown): void;
}

interface Waiter<In> {
  match(message: In): boolean;
  resolve(message: In): void;
  reject(error: unknown): void;
}

/** What a scope needs from its connection. */
export interface ScopeDeps {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly rate: SendRate;
  readonly encode: (frame: unknown) => string;
  /** Whether the scope is still the connection's current one: the one identity check. */
  readonly isCurrent: (scope: unknown) => boolean;
  readonly nextRequestId: () => number;
  /** A write to the socket failed. */
  readonly onWriteError: (error: unknown) => void;
}

/**
 * Everything that belongs to one socket: its send queue, timers, waits, pending acknowledgements and
 * authentication. {@link dispose} ends them all at once, so nothing of a dead socket outlives it.
 */
export class SocketScope<In, Sub> implements ConnectionScope<In> {
  readonly generation: number;
  readonly socket: WebSocketLike;
  opened = false;
  /**
   * When the keep-alive loop last saw a sign of life (a message or a pong) on this socket: at most one
   * keep-alive tick after it arrived. Frames only set {@link heard}; reading the clock on every frame
   * costs more than the rest of a book delta's routing (about 45 ns a read under Node).
   */
  lastActivity: number;
  /** Whether a message or pong arrived since the keep-alive loop last looked. */
  heard = false;
  lastError: string | undefined;
  /** The protocol's authentication of this socket, once started. */
  auth: Promise<unknown> | undefined;
  /** Its outcome once it succeeded, so a request on a ready socket need not wait a microtask for it. */
  authed: { readonly value: unknown } | undefined;
  readonly pending = new Map<number, PendingEntry<In, Sub>>();
  readonly #queue: SendQueue;
  readonly #deps: ScopeDeps;
  readonly #timers = new Set<TimerHandle>();
  readonly #waiters = new Set<Waiter<In>>();
  #disposed = false;

  constructor(generation: number, socket: WebSocketLike, deps: ScopeDeps) {
    this.generation = generation;
    this.socket = socket;
    this.#deps = deps;
    this.lastActivity = deps.clock.now();
    this.#queue = new SendQueue(deps.rate, deps.clock, deps.timers, (text) => {
      try {
        socket.send(text);
      } catch (error) {
        deps.onWriteError(error);
      }
    });
  }

  get current(): boolean {
    return !this.#disposed && this.#deps.isCurrent(this);
  }

  /** Frames waiting in the send queue. */
  get queued(): number {
    return this.#queue.size;
  }

  send(frame: unknown, onSent?: () => void): void {
    if (!this.current) return;
    this.#queue.push(this.#deps.encode(frame), onSent);
  }

  /**
   * Listens to the socket. Connection identity lives here, once: a callback of a socket that is no longer
   * the current one does nothing. Every message and pong is a sign of life; the last error text is kept
   * to describe the end.
   */
  listen(handlers: SocketHandlers): void {
    const live =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A): void => {
        if (this.current) fn(...args);
      };
    listen(this.socket, {
      open: live(handlers.open),
      // Every frame passes here: no rest parameters, so nothing is allocated per frame.
      message: (data) => {
        if (!this.current) return;
        this.heard = true;
        handlers.message(data);
      },
      pong: live(() => {
        this.heard = true;
        handlers.pong();
      }),
      error: live((message) => {
        this.lastError = message ?? this.lastError;
        handlers.error(message);
      }),
      close: live(handlers.close),
    });
  }

  /** The socket opened: the queue may write. */
  start(): void {
    this.opened = true;
    this.#queue.start();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = this.#deps.timers.setTimeout(() => {
      this.#timers.delete(handle);
      if (!this.#disposed) callback();
    }, ms);
    this.#timers.add(handle);
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    this.#timers.delete(handle);
    this.#deps.timers.clearTimeout(handle);
  }

  nextRequestId(): number {
    return this.#deps.nextRequestId();
  }

  waitFor(match: (message: In) => boolean, timeoutMs: number, what: string): Promise<In> {
    if (this.#disposed) return Promise.reject(ended(what));
    return new Promise<In>((resolve, reject) => {
      const waiter: Waiter<In> = {
        match,
        resolve: (message) => {
          this.clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(message);
        },
        reject: (error) => {
          this.clearTimeout(timer);
          this.#waiters.delete(waiter);
          reject(error);
        },
      };
      const timer = this.setTimeout(
        () => waiter.reject(new ConnectionError(`${what}: no answer within ${timeoutMs} ms`, "auth")),
        timeoutMs,
      );
      this.#waiters.add(waiter);
    });
  }

  /** Hands a message to the first wait that matches it; returns whether one took it. */
  offer(message: In): boolean {
    for (const waiter of this.#waiters) {
      if (waiter.match(message)) {
        waiter.resolve(message);
        return true;
      }
    }
    return false;
  }

  /** Ends everything of this socket. Returns its pending acknowledgements for the connection to settle or resend. */
  dispose(): PendingEntry<In, Sub>[] {
    if (this.#disposed) return [];
    this.#disposed = true;
    this.#queue.dispose();
    for (const handle of this.#timers) this.#deps.timers.clearTimeout(handle);
    this.#timers.clear();
    for (const waiter of [...this.#waiters]) waiter.reject(ended("waiting for the server"));
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) this.#deps.timers.clearTimeout(entry.timer);
    return pending;
  }
}

/** Disposes of the scope, rejects its requests with `error` and closes its socket with `code`. */
export function endScope<In, Sub>(scope: SocketScope<In, Sub>, error: ConnectionError, code: number): void {
  failRequests(scope.dispose(), error);
  try {
    scope.socket.close(code, error.message.slice(0, 100));
  } catch {
    // already closed
  }
}

function ended(what: string): ConnectionError {
  return new ConnectionError(`${what}: the connection ended first`, "client-closed");
}
