import {
  type Clock,
  type Logger,
  silentLogger,
  systemClock,
  systemTimers,
  type TimerHandle,
  type Timers,
} from "../clock.js";
import { Emitter, Waiters } from "../emitter.js";
import { KrakenFuturesError } from "../errors.js";
import { sendRequest, settleAck, tryPromise } from "./acks.js";
import { Authentication } from "./authentication.js";
import { ConnectionError } from "./errors.js";
import { sendPing, startKeepAlive } from "./keep-alive.js";
import type { ConnectionEvents, ConnectionOptions, RequestOptions, SubscriptionHandle } from "./options.js";
import { decodeFrame, type FrameContext, type Protocol } from "./protocol.js";
import { ReconnectPolicy } from "./reconnect.js";
import { endScope, SocketScope } from "./scope.js";
import {
  asConnectionError,
  closedError,
  describeEnd,
  openSocket,
  resolveWebSocket,
  type WebSocketConstructor,
  type WebSocketLike,
} from "./socket.js";
import { type ConnectionState, StateMachine } from "./states.js";
import { SubscriptionFlow } from "./subscription-flow.js";
import { type RegistryEntry, SubscriptionRegistry } from "./subscriptions.js";

type Scope<In, Sub> = SocketScope<In, Sub>;

/**
 * A WebSocket connection that a protocol runs on: one socket at a time, an explicit state table,
 * reconnects with jittered backoff, keep-alive, a rate-limited send queue, and a registry of
 * subscriptions restored on every new socket. Create it with {@link createConnection}.
 */
export class Connection<In, Sub, Auth = unknown> {
  readonly url: string;
  readonly #protocol: Protocol<In, Sub, Auth>;
  readonly #options: ConnectionOptions<In, Sub, Auth>;
  readonly #WebSocket: WebSocketConstructor;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #events: Emitter<ConnectionEvents<In>>;
  readonly #machine: StateMachine;
  readonly #reconnect: ReconnectPolicy;
  readonly #registry = new SubscriptionRegistry<Sub>();
  readonly #auth: Authentication<In, Sub, Auth>;
  readonly #flow: SubscriptionFlow<In, Sub, Auth>;
  readonly #encode: (frame: unknown) => string;
  /** The current socket's scope: the one place that says which socket is live. */
  #scope: Scope<In, Sub> | undefined;
  #generation = 0;
  #requestId = 0;
  #reconnectTimer: TimerHandle | undefined;
  #downSince: number | undefined;
  readonly #readyWaiters = new Waiters();

  constructor(options: ConnectionOptions<In, Sub, Auth>) {
    this.url = options.url;
    this.#options = options;
    this.#protocol = options.protocol;
    this.#WebSocket = resolveWebSocket(options.url, options.WebSocket);
    this.#clock = options.clock ?? systemClock;
    this.#timers = options.timers ?? systemTimers;
    this.#log = options.logger ?? silentLogger;
    this.#events = new Emitter(this.#log);
    this.#reconnect = new ReconnectPolicy(options.reconnect);
    this.#encode = options.protocol.encode?.bind(options.protocol) ?? ((frame) => JSON.stringify(frame));
    this.#machine = new StateMachine(
      (from, to) => this.#events.emit("state", { from, to }),
      (error) => {
        // An illegal move is an SDK bug: thrown in strict mode (the tests), else logged and refused.
        if (options.strict) throw error;
        this.#log.error?.(error.message);
      },
    );
    this.#auth = new Authentication(options.protocol, {
      machine: this.#machine,
      registry: this.#registry,
      report: (error) => this.#report(error),
      end: (scope, error) => this.#end(scope as Scope<In, Sub>, error),
    });
    this.#flow = new SubscriptionFlow({
      protocol: options.protocol,
      registry: this.#registry,
      auth: this.#auth,
      log: this.#log,
      ackTimeoutMs: () => this.#ackTimeout(),
      report: (error) => this.#report(error),
    });
  }

  get state(): ConnectionState {
    return this.#machine.state;
  }

  on<E extends keyof ConnectionEvents<In>>(
    event: E,
    listener: (payload: ConnectionEvents<In>[E]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /** Connects if idle; resolves when the connection is ready, rejects if it closes first. */
  connect(): Promise<void> {
    const state = this.state;
    if (state === "closed") return Promise.reject(closedError("connect"));
    if (state === "ready") return Promise.resolve();
    const ready = this.#readyWaiters.wait();
    if (state === "idle") this.#open();
    return ready;
  }

  /** Wants a subscription, on this socket and every later one; connects if idle. */
  subscribe(subscription: Sub): SubscriptionHandle<Sub> {
    if (this.state === "closed") throw closedError(`subscribe(${this.#protocol.channelOf(subscription)})`);
    const key = this.#protocol.keyOf(subscription);
    const { entry, created } = this.#registry.add(key, subscription);
    if (created) this.#sendNew(entry);
    let done = false;
    return {
      key,
      subscription,
      ready: entry.ready,
      unsubscribe: () => {
        if (done) return;
        done = true;
        this.#flow.release(this.#scope, key);
      },
    };
  }

  /**
   * Unsubscribes and subscribes `key` again on the current socket, for a fresh snapshot after a sequence
   * gap. Public ones leave at once, private ones with the socket's authentication. Nothing is sent when the
   * subscription has not been sent on this socket yet (its subscribe is still to come). Returns whether
   * the frames were (or will be) queued.
   */
  resubscribe(key: string): boolean {
    return this.#flow.resubscribe(this.#scope, key);
  }

  /**
   * Sends one request built with a fresh request id and resolves with the message that acknowledges it
   * (found by the protocol's `matchAck`). Only on a `ready` connection, and never resent: when the socket
   * drops first, it rejects with a `ConnectionError` of kind `"lost"` (sent, outcome unknown) or
   * `"unsent"` (it never left the queue). A refusal rejects with a `RequestError`.
   */
  request(build: (context: FrameContext<Auth>) => unknown, options: RequestOptions): Promise<In> {
    const scope = this.#scope;
    const { method } = options;
    if (!scope || this.state !== "ready")
      return Promise.reject(
        new ConnectionError(`${method}: not sent, the connection is ${this.state}`, "unsent"),
      );
    const send = (auth: Auth | undefined) => {
      const requestId = scope.nextRequestId();
      const frame = build({ requestId, auth });
      return sendRequest(scope, requestId, frame, method, this.#ackTimeout(options.timeoutMs));
    };
    if (!options.auth) return tryPromise(() => send(undefined));
    // The hot path: this socket's authentication already succeeded, so the frame leaves in this call.
    if (scope.authed) return tryPromise(() => send(scope.authed?.value as Auth));
    return this.#auth.ofReady(scope).then((auth) => {
      if (!scope.current) throw new ConnectionError(`${method}: not sent, the connection dropped`, "unsent");
      return send(auth);
    });
  }

  /** Queues a raw frame on the current socket (dropped when there is none). */
  send(frame: unknown): void {
    this.#scope?.send(frame);
  }

  /** Closes for good: the socket, every timer, every wait; pending subscriptions and requests reject. */
  close(): void {
    if (this.state === "closed") return;
    this.#machine.move("closed");
    this.#shutdown(closedError("the connection"));
  }

  // ------------------------------------------------------------------ sockets

  #open(): void {
    if (!this.#machine.move("connecting")) return;
    const generation = ++this.#generation;
    let socket: WebSocketLike;
    try {
      socket = openSocket(this.#WebSocket, this.url, this.#options.maxPayload);
    } catch (cause) {
      this.#failed(new ConnectionError(`could not open ${this.url}: ${String(cause)}`, "refused", { cause }));
      return;
    }
    const scope: Scope<In, Sub> = new SocketScope(generation, socket, {
      clock: this.#clock,
      timers: this.#timers,
      rate: this.#options.rate ?? {},
      encode: this.#encode,
      isCurrent: (s) => this.#scope === (s as unknown),
      nextRequestId: () => ++this.#requestId,
      onWriteError: (cause) =>
        this.#report(new ConnectionError("writing to the socket failed", "closed", { cause })),
    });
    this.#scope = scope;
    const connectTimeout = this.#options.connectTimeoutMs ?? 10_000;
    const timer = scope.setTimeout(() => {
      this.#end(
        scope,
        new ConnectionError(`${this.url} did not open within ${connectTimeout} ms`, "timeout"),
      );
    }, connectTimeout);
    scope.listen({
      open: () => {
        scope.clearTimeout(timer);
        this.#onOpen(scope);
      },
      message: (data) => this.#onFrame(scope, data),
      pong: () => {},
      error: (message) => {
        if (!this.#options.reportSocketErrors) return;
        const text = `WebSocket error on ${this.url}: ${message ?? "unknown"}`;
        this.#report(new ConnectionError(text, scope.opened ? "closed" : "refused", { detail: message }));
      },
      close: (code, reason) =>
        this.#end(scope, describeEnd(this.url, scope.opened, scope.lastError, { code, reason })),
    });
  }

  #onOpen(scope: Scope<In, Sub>): void {
    scope.start();
    this.#machine.move("open");
    startKeepAlive(scope as Scope<unknown, unknown>, this.#options.keepAlive ?? {}, this.#clock, {
      ping: () => sendPing(this.#protocol as Protocol<In, Sub, never>, scope, this.#log),
      silent: (ms) =>
        this.#end(scope, new ConnectionError(`nothing arrived for ${ms} ms: reconnecting`, "silence")),
    });
    void this.#restore(scope);
  }

  /** Sends every wanted subscription on a new socket (private ones after authenticating), then `ready`. */
  async #restore(scope: Scope<In, Sub>): Promise<void> {
    try {
      // Again while a subscription arrived during the wait: nothing wanted may miss this socket. Without
      // private subscriptions nothing is awaited, so a public-only socket is ready at once.
      for (let pass = this.#flow.flush(scope); pass !== undefined; ) {
        await pass;
        pass =
          scope.current && this.#registry.hasUnsent(scope.generation) ? this.#flow.flush(scope) : undefined;
      }
    } catch (error) {
      if (!scope.current) return;
      const failure = asConnectionError(error, "auth", "authentication failed");
      this.#report(failure);
      this.#end(scope, failure);
      return;
    }
    if (!scope.current) return;
    this.#machine.move("ready");
    this.#readyWaiters.resolveAll();
    if (this.#downSince !== undefined) {
      const downtimeMs = this.#clock.now() - this.#downSince;
      this.#downSince = undefined;
      this.#events.emit("reconnected", { attempts: this.#reconnect.attempts, downtimeMs });
    }
    // The backoff starts over only once the connection proved healthy, not when a socket merely opened.
    scope.setTimeout(() => this.#reconnect.healthy(), this.#reconnect.healthyAfterMs);
  }

  /** A new subscription: sent now when the socket can take it, else by the next `#restore`. */
  #sendNew(entry: RegistryEntry<Sub>): void {
    const state = this.state;
    if (state === "idle") {
      void this.connect().catch(() => {});
      return;
    }
    const scope = this.#scope;
    if (scope?.opened) this.#flow.sendNew(scope, entry, state === "ready");
  }

  // ------------------------------------------------------------------ receiving

  #onFrame(scope: Scope<In, Sub>, data: unknown): void {
    const message = decodeFrame(this.#protocol as Protocol<In, never, never>, data);
    if (message instanceof KrakenFuturesError) {
      this.#report(message); // a malformed frame is dropped; the connection carries on
      return;
    }
    scope.offer(message);
    settleAck(this.#protocol as Protocol<In, Sub, never>, scope, message);
    if (this.#events.has("message")) this.#events.emit("message", message);
  }

  // ------------------------------------------------------------------ ending and reconnecting

  /** The socket of `scope` ended or must end: dispose of it, then reconnect or give up. */
  #end(scope: Scope<In, Sub>, error: ConnectionError): void {
    if (this.#scope !== scope) return;
    this.#scope = undefined;
    endScope(scope, error, 4000);
    this.#failed(error);
  }

  #failed(error: ConnectionError): void {
    if (this.state === "closed") return;
    const decision = this.#reconnect.decide(error);
    if (decision.action === "give-up") {
      this.#giveUp(error, decision.message);
      return;
    }
    const { attempt, delayMs } = decision;
    this.#downSince ??= this.#clock.now();
    this.#machine.move("reconnecting");
    this.#log.info?.(`${this.#protocol.name}: reconnecting`, { attempt, delayMs, reason: error.message });
    this.#events.emit("reconnecting", { attempt, delayMs, reason: error.message, error });
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.state === "reconnecting") this.#open();
    }, delayMs);
  }

  #giveUp(cause: ConnectionError, message: string): void {
    const { status, code, detail } = cause;
    const error = new ConnectionError(message, cause.kind, { status, code, detail, cause });
    this.#report(error);
    this.#machine.move("closed");
    this.#shutdown(error);
  }

  #shutdown(error: ConnectionError): void {
    this.#timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const scope = this.#scope;
    this.#scope = undefined;
    if (scope) endScope(scope, error, 1000);
    this.#registry.clear(error);
    this.#readyWaiters.rejectAll(error);
  }

  #report(error: KrakenFuturesError): void {
    this.#log.warn?.(error.message, { name: error.name });
    this.#events.emit("error", error);
  }

  #ackTimeout(override?: number): number {
    return override ?? this.#options.ackTimeoutMs ?? 10_000;
  }
}

/**
 * Creates a connection for `options.protocol`. Nothing connects until `connect()` or the first
 * `subscribe()`.
 *
 * @throws {TypeError} when `url` is not a `ws://`/`wss://` URL, or no WebSocket constructor is available.
 */
export function createConnection<In, Sub, Auth = unknown>(
  options: ConnectionOptions<In, Sub, Auth>,
): Connection<In, Sub, Auth> {
  return new Connection(options);
}
