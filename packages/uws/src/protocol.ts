/**
 * The Unified WebSocket as a `Protocol` of the core connection: `{method, params, req_id}` frames,
 * acknowledgements matched by `req_id`, the token fetched once per socket (never carried to the next),
 * and the application-level `ping`.
 */
import type { PendingRequest, Protocol } from "@kraken-futures/core";
import { decodeUwsFrame } from "./decode.js";
import { uwsChannels, uwsRequestRules } from "./generated/uws.gen.js";

/** A decoded server message. */
export type UwsMessage = Record<string, unknown>;

/** One wire subscription: a channel and its params (without `channel`, `token` and `asset_class`). */
export interface UwsSub {
  readonly channel: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Where the asset class is filled in: the request's params have an `asset_class` field in the spec. */
export const ASSET_CLASS = "derivatives";

/** Params with `asset_class` added when the request's rules name the field and the caller gave none. */
export function withAssetClass(
  fields: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return "asset_class" in fields && params.asset_class === undefined
    ? { asset_class: ASSET_CLASS, ...params }
    : { ...params };
}

/** Whether a channel needs `params.token` (the spec's table). */
export function channelNeedsToken(channel: string): boolean {
  return (uwsChannels as Record<string, { token: boolean }>)[channel]?.token === true;
}

/** A stable key of params, so that the same subscription asked twice is one on the wire. */
function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${k}:${stableKey(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The default decoder: JSON objects, except that book levels keep the exact text of their numbers (the
 * checksum hashes it); a malformed frame throws `UwsDecodeError` and is dropped by the core.
 */
export function decodeFrame(data: unknown): UwsMessage {
  return decodeUwsFrame(typeof data === "string" ? data : String(data));
}

function subscriptionFrame(method: string, sub: UwsSub, requestId: number, token: string | undefined) {
  const rules = uwsRequestRules.subscribe[sub.channel as keyof typeof uwsRequestRules.subscribe];
  const params = withAssetClass(rules?.fields ?? {}, sub.params);
  return {
    method,
    params: { channel: sub.channel, ...params, ...(token === undefined ? {} : { token }) },
    req_id: requestId,
  };
}

/**
 * The UWS protocol. `fetchToken` runs once per socket that needs one (the core guarantees it); `decode`
 * turns a frame into a message (the book decoder keeps the exact text of prices and quantities).
 */
export function uwsProtocol(
  name: string,
  fetchToken: () => Promise<string>,
  decode: (data: unknown) => UwsMessage = decodeFrame,
): Protocol<UwsMessage, UwsSub, string> {
  return {
    name,
    decode,
    keyOf: (sub) => `${sub.channel}${stableKey(sub.params)}`,
    channelOf: (sub) => sub.channel,
    needsAuth: (sub) => channelNeedsToken(sub.channel),
    authenticate: () => fetchToken(),
    subscribeFrame: (sub, { requestId, auth }) => subscriptionFrame("subscribe", sub, requestId, auth),
    unsubscribeFrame: (sub, { requestId, auth }) => subscriptionFrame("unsubscribe", sub, requestId, auth),
    matchAck(message, pending: readonly PendingRequest<UwsSub>[]) {
      const id = message.req_id;
      if (typeof id !== "number") return undefined;
      const request = pending.find((p) => p.id === id);
      if (!request) return undefined;
      // A method's answer always resolves its request: the client reads `success` itself, so that a
      // refusal (Kraken's error string) and a timeout (outcome unknown) stay two different things.
      if (request.kind === "request" || message.success !== false) return { id, ok: true };
      return { id, ok: false, reason: String(message.error ?? "refused without a reason") };
    },
    pingFrame: ({ requestId }) => ({ method: "ping", req_id: requestId }),
  };
}
