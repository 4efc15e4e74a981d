// Two fake protocols that exercise the connection core the way the real ones will: a "v1-like" one
// (challenge authentication, acknowledgements matched by feed, protocol-level pings) and a "UWS-like" one
// (a token fetched for every connection, acknowledgements matched by req_id, an application ping).
import type { AckMatch, ConnectionScope, PendingRequest, Protocol } from "../../src/index.js";

export type Message = Record<string, unknown>;

export interface V1Sub {
  feed: string;
  product?: string;
  private?: boolean;
}

export interface V1Auth {
  original_challenge: string;
  signed_challenge: string;
}

function decodeJson(data: unknown): Message {
  const value = JSON.parse(String(data)) as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError("not an object");
  return value as Message;
}

/** A v1-like protocol: `{"event":"challenge"}` answered by the server, acks by feed and product. */
export function v1Protocol(options: { authTimeoutMs?: number } = {}): Protocol<Message, V1Sub, V1Auth> {
  return {
    name: "v1-like",
    decode: decodeJson,
    keyOf: (sub) => `${sub.feed}:${sub.product ?? "*"}`,
    channelOf: (sub) => sub.feed,
    needsAuth: (sub) => sub.private === true,
    async authenticate(scope: ConnectionScope<Message>): Promise<V1Auth> {
      scope.send({ event: "challenge", api_key: "key" });
      const answer = await scope.waitFor(
        (m) => m["event"] === "challenge",
        options.authTimeoutMs ?? 10_000,
        "the server's challenge",
      );
      const challenge = String(answer["message"]);
      return { original_challenge: challenge, signed_challenge: `signed(${challenge})` };
    },
    subscribeFrame: (sub, { auth }) => ({
      event: "subscribe",
      feed: sub.feed,
      ...(sub.product ? { product_ids: [sub.product] } : {}),
      ...auth,
    }),
    unsubscribeFrame: (sub, { auth }) => ({
      event: "unsubscribe",
      feed: sub.feed,
      ...(sub.product ? { product_ids: [sub.product] } : {}),
      ...auth,
    }),
    matchAck(message, pending: readonly PendingRequest<V1Sub>[]): AckMatch | undefined {
      const event = message["event"];
      const sameFeed = (p: PendingRequest<V1Sub>) => p.subscription?.feed === message["feed"];
      if (event === "subscribed" || event === "unsubscribed") {
        const kind = event === "subscribed" ? "subscribe" : "unsubscribe";
        const hit = pending.find((p) => p.kind === kind && sameFeed(p));
        return hit && { id: hit.id, ok: true };
      }
      if (event === "subscribed_failed") {
        const hit = pending.find((p) => p.kind === "subscribe" && sameFeed(p));
        return hit && { id: hit.id, ok: false, reason: String(message["message"] ?? "subscribed_failed") };
      }
      return undefined;
    },
  };
}

export interface UwsSub {
  channel: string;
  symbol?: string;
  private?: boolean;
}

/** A UWS-like protocol: `{method, params, req_id}` requests, `{req_id, success, error}` answers. */
export function uwsProtocol(fetchToken: () => Promise<string>): Protocol<Message, UwsSub, string> {
  const frame = (method: string, sub: UwsSub, requestId: number, token: string | undefined) => ({
    method,
    params: {
      channel: sub.channel,
      ...(sub.symbol ? { symbol: [sub.symbol] } : {}),
      ...(token ? { token } : {}),
    },
    req_id: requestId,
  });
  return {
    name: "uws-like",
    decode: decodeJson,
    keyOf: (sub) => `${sub.channel}:${sub.symbol ?? "*"}`,
    channelOf: (sub) => sub.channel,
    needsAuth: (sub) => sub.private === true,
    // A fresh token for every connection: the core runs this once per socket and never reuses the result.
    authenticate: () => fetchToken(),
    subscribeFrame: (sub, { requestId, auth }) => frame("subscribe", sub, requestId, auth),
    unsubscribeFrame: (sub, { requestId, auth }) => frame("unsubscribe", sub, requestId, auth),
    matchAck(message) {
      const id = message["req_id"];
      if (typeof id !== "number") return undefined;
      return message["success"] === false
        ? { id, ok: false, reason: String(message["error"]) }
        : { id, ok: true };
    },
    pingFrame: ({ requestId }) => ({ method: "ping", req_id: requestId }),
  };
}
