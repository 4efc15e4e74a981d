// Scripted servers for the fake sockets. Replies go out on a microtask, never inside the client's send,
// as a real server's would.
import type { FakeWebSocket } from "../../src/testing/index.js";
import type { Message } from "./protocols.js";

export interface V1ServerOptions {
  /** Feeds whose subscription the server refuses with this reason. */
  refuse?: Record<string, string>;
  /** Never answer the challenge request. */
  silentChallenge?: boolean;
}

let challenges = 0;

/** Answers a v1-like client on `socket`: a challenge per request (unique over the run), an ack per (un)subscribe. */
export function serveV1(socket: FakeWebSocket, options: V1ServerOptions = {}): void {
  socket.onSend = (text) => {
    const frame = JSON.parse(text) as Message;
    const reply = (message: Message) =>
      queueMicrotask(() => {
        if (socket.readyState === 1) socket.receive(message);
      });
    if (frame["event"] === "challenge") {
      if (!options.silentChallenge) reply({ event: "challenge", message: `challenge-${++challenges}` });
    } else if (frame["event"] === "subscribe") {
      const feed = String(frame["feed"]);
      const refusal = options.refuse?.[feed];
      if (refusal !== undefined) reply({ event: "subscribed_failed", feed, message: refusal });
      else reply({ event: "subscribed", feed, product_ids: frame["product_ids"] });
    } else if (frame["event"] === "unsubscribe") {
      reply({ event: "unsubscribed", feed: frame["feed"] });
    }
  };
}

export interface UwsServerOptions {
  /** Channels whose subscription the server refuses with this error string. */
  refuse?: Record<string, string>;
  /** Methods of requests the server never answers. */
  ignore?: string[];
}

/** Answers a UWS-like client: every request with `{method, req_id, success}`, pings with pong. */
export function serveUws(socket: FakeWebSocket, options: UwsServerOptions = {}): void {
  socket.onSend = (text) => {
    const frame = JSON.parse(text) as Message;
    const method = String(frame["method"]);
    if (options.ignore?.includes(method)) return;
    const params = (frame["params"] ?? {}) as Message;
    const refusal = method === "subscribe" ? options.refuse?.[String(params["channel"])] : undefined;
    const answer: Message =
      refusal !== undefined
        ? { method, req_id: frame["req_id"], success: false, error: refusal }
        : {
            method: method === "ping" ? "pong" : method,
            req_id: frame["req_id"],
            success: true,
            result: params,
          };
    queueMicrotask(() => {
      if (socket.readyState === 1) socket.receive(answer);
    });
  };
}
