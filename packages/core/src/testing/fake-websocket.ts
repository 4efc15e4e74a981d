import type { WebSocketConstructor, WebSocketLike } from "../ws/socket.js";

type Listener = (...args: unknown[]) => void;

/** A Buffer where the runtime has one (the `ws` package's frames are Buffers), else the string itself. */
function toBuffer(text: string): unknown {
  const B = (globalThis as { Buffer?: { from(text: string): unknown } }).Buffer;
  return B ? B.from(text) : text;
}

/** Options of {@link createFakeWebSockets}. */
export interface FakeWebSocketOptions {
  /**
   * `"browser"` (default): `addEventListener` with event objects, no `ping`. `"node"`: the `ws`
   * package's shape, `on(…)` with the frame itself, `ping()` and `pong` events.
   */
  style?: "browser" | "node";
  /** Called with every socket the code under test creates, before it returns from the constructor. */
  onConnect?: (socket: FakeWebSocket) => void;
}

/** A fake `WebSocket` constructor and the sockets made with it. */
export interface FakeWebSockets {
  readonly WebSocket: WebSocketConstructor;
  /** Every socket made, in order. */
  readonly sockets: FakeWebSocket[];
  /** The most recent socket. */
  readonly last: FakeWebSocket | undefined;
}

/**
 * A WebSocket driven by the test: the test plays the server (`accept`, `receive`, `serverClose`, `refuse`,
 * `rejectUpgrade`) and reads what the client sent (`sent`, `sentJson()`).
 */
export class FakeWebSocket implements WebSocketLike {
  readonly url: string;
  /** The constructor's third argument (the `ws` package's options: `maxPayload`). */
  readonly options: unknown;
  readyState = 0;
  /** Frames the client sent, in order. */
  readonly sent: string[] = [];
  /** Protocol-level pings the client sent (node style). */
  pings = 0;
  /** Called with every frame the client sends: a test's scripted server answers from here. */
  onSend: ((frame: string) => void) | undefined;
  /** The client's `close(code, reason)`, if it called it. */
  closedByClient: { code: number | undefined; reason: string | undefined } | undefined;
  readonly #style: "browser" | "node";
  readonly #listeners = new Map<string, Listener[]>();

  constructor(url: string, options: unknown, style: "browser" | "node") {
    this.url = url;
    this.options = options;
    this.#style = style;
    if (style === "node") {
      this.ping = () => {
        this.pings++;
      };
      this.on = (event: string, listener: Listener) => this.#add(event, listener);
    } else {
      this.addEventListener = (event: string, listener: Listener) => this.#add(event, listener);
    }
  }

  addEventListener?: WebSocketLike["addEventListener"];
  on?: WebSocketLike["on"];
  ping?: () => void;

  /** The sent frames, parsed as JSON. */
  sentJson(): unknown[] {
    return this.sent.map((frame) => JSON.parse(frame) as unknown);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error(`FakeWebSocket.send in readyState ${this.readyState}`);
    this.sent.push(data);
    this.onSend?.(data);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient ??= { code, reason };
    if (this.readyState === 3) return;
    this.#closed(code ?? 1005, reason ?? "");
  }

  // ------------------------------------------------------------------ the server's side

  /** The upgrade succeeded: the socket opens. */
  accept(): void {
    this.readyState = 1;
    this.#emit("open", [], {});
  }

  /** A frame from the server: a string as is, anything else as JSON. */
  receive(frame: unknown): void {
    const data = typeof frame === "string" ? frame : JSON.stringify(frame);
    // The `ws` package hands over a Buffer and an isBinary flag; browsers a MessageEvent.
    this.#emit("message", [toBuffer(data), false], { data });
  }

  /** A protocol-level pong (node style). */
  pong(): void {
    this.#emit("pong", [], {});
  }

  /** The server closes the socket. */
  serverClose(code = 1000, reason = ""): void {
    this.#closed(code, reason);
  }

  /** The OS refuses the connection: an error, then a close without the socket ever opening. */
  refuse(message = "connect ECONNREFUSED 127.0.0.1:9"): void {
    const error = Object.assign(new Error(message), { code: "ECONNREFUSED" });
    this.#emit("error", [error], { message, error });
    this.#closed(1006, "");
  }

  /** The server answers the upgrade with an HTTP status, as the `ws` package reports it. */
  rejectUpgrade(status: number): void {
    this.refuse(`Unexpected server response: ${status}`);
  }

  #closed(code: number, reason: string): void {
    this.readyState = 3;
    this.#emit("close", [code, toBuffer(reason)], { code, reason });
  }

  #add(event: string, listener: Listener): void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
  }

  #emit(event: string, nodeArgs: unknown[], browserEvent: object): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      if (this.#style === "node") listener(...nodeArgs);
      else listener(browserEvent);
    }
  }
}

/** A fake WebSocket constructor for tests; see {@link FakeWebSocket}. */
export function createFakeWebSockets(options: FakeWebSocketOptions = {}): FakeWebSockets {
  const sockets: FakeWebSocket[] = [];
  const style = options.style ?? "browser";
  const WebSocket = function FakeWebSocketConstructor(
    url: string,
    _protocols?: unknown,
    wsOptions?: unknown,
  ) {
    const socket = new FakeWebSocket(url, wsOptions, style);
    sockets.push(socket);
    options.onConnect?.(socket);
    return socket;
  } as unknown as WebSocketConstructor;
  return {
    WebSocket,
    sockets,
    get last() {
      return sockets.at(-1);
    },
  };
}
