// Test doubles shared by the unit tests: an injected clock with timers, and a WebSocket the test drives.
import {
  createWsClient,
  type SocketEvent,
  type WebSocketLike,
  type WsClientOptions,
} from "../../src/index.js";

/** A clock and timers that move only when the test calls `advance`. */
export class FakeTime {
  now = 0;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #id = 0;
  readonly clock = { now: () => this.now };
  readonly timers = {
    setTimeout: (fn: () => void, ms: number) => {
      const id = ++this.#id;
      this.#timers.push({ at: this.now + ms, fn, id });
      return id;
    },
    clearTimeout: (id: unknown) => {
      this.#timers = this.#timers.filter((t) => t.id !== id);
    },
  };
  /** Timers still armed. */
  get pending(): number {
    return this.#timers.length;
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
  }
}

/** A WebSocket whose events the test emits; it records what the client sends and how it was built. */
export class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];
  static withPing = true;
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  readonly args: unknown[];
  closed = false;
  readonly #listeners = new Map<string, ((event: SocketEvent) => void)[]>();
  ping?: () => void;
  pings = 0;
  constructor(
    readonly url: string,
    ...rest: unknown[]
  ) {
    this.args = rest;
    FakeSocket.instances.push(this);
    if (FakeSocket.withPing) this.ping = () => this.pings++;
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  addEventListener(type: string, listener: (event: SocketEvent) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: SocketEvent = {}): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
  open(): void {
    this.readyState = 1;
    this.emit("open");
  }
  /** The server sends `message` as one text frame. */
  receive(message: object | string): void {
    this.emit("message", { data: typeof message === "string" ? message : JSON.stringify(message) });
  }
}

export function setup(options: Partial<WsClientOptions> = {}) {
  FakeSocket.instances = [];
  const time = new FakeTime();
  const client = createWsClient({
    WebSocket: FakeSocket,
    clock: time.clock,
    timers: time.timers,
    random: () => 0,
    ...options,
  });
  const socket = (i = FakeSocket.instances.length - 1) => FakeSocket.instances[i]!;
  return { client, time, socket };
}

/** Lets promise callbacks (the challenge signing) run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A well-formed API secret (64 bytes, base64) for the challenge signing. */
export const SECRET = Buffer.alloc(64, 7).toString("base64");

/** A `book` delta frame of `productId`. */
export const bookDelta = (productId: string, seq: number, side: string, price: unknown, qty: unknown) => ({
  feed: "book",
  product_id: productId,
  side,
  seq,
  price,
  qty,
  timestamp: 2,
});
