// Kraken Futures WebSocket v1 as a protocol of the core connection: frames to messages, the challenge
// (fresh for every socket), the (un)subscribe requests, and which request a Kraken answer belongs to.
import { type Credentials, signChallenge } from "@kraken-futures/auth";
import {
  type AckMatch,
  type ConnectionScope,
  type PendingRequest,
  type Protocol,
  SubscriptionError,
} from "@kraken-futures/core";
import { readFrame } from "./decode.js";
import { WsDecodeError } from "./errors.js";
import { ALL, answerFields, isPrivate, subscriptionRequest } from "./feeds.js";
import type { FeedName, ServerMessage } from "./generated/ws.gen.js";

/** A decoded v1 message. */
export type V1Message = ServerMessage & { feed?: string; event?: string };

/** One wire subscription: a feed and one product (`ALL`: every product, or a feed without products). */
export interface V1Sub {
  readonly feed: FeedName;
  readonly product: string;
}

/** The fields a signed challenge adds to a private (un)subscribe request. */
export interface AuthFields {
  api_key: string;
  original_challenge: string;
  signed_challenge: string;
}

/** What the protocol needs from its client. */
export interface V1Options {
  readonly credentials: Credentials | undefined;
  readonly authTimeoutMs: number;
  readonly maxPayload: number;
  /** A subscribe for `product` of `feed` is being sent: a snapshot must follow. */
  subscribing(feed: FeedName, product: string): void;
}

/** Alerts that refuse the oldest private subscription; other alerts ("Already subscribed …") inform. */
const REFUSING_ALERT = /fail/i;

export const keyOf = (sub: V1Sub): string => `${sub.feed}:${sub.product}`;

/** The v1 protocol for the core connection. */
export function v1Protocol(options: V1Options): Protocol<V1Message, V1Sub, AuthFields> {
  // While a challenge is outstanding, an `error` answers it (Kraken: "Invalid api key"), not a subscription.
  let challenges = 0;
  return {
    name: "kraken-futures-v1",
    decode: (data) => decode(data, options.maxPayload),
    keyOf,
    channelOf: (sub) => sub.feed,
    needsAuth: (sub) => isPrivate(sub.feed),
    async authenticate(scope: ConnectionScope<V1Message>): Promise<AuthFields> {
      const credentials = options.credentials;
      if (!credentials) throw new SubscriptionError("challenge", "private feeds need credentials");
      challenges++;
      let answer: V1Message;
      try {
        scope.send({ event: "challenge", api_key: credentials.apiKey });
        const isAnswer = (m: V1Message) => m.event === "challenge" || m.event === "error";
        answer = await scope.waitFor(isAnswer, options.authTimeoutMs, "the server's challenge");
      } finally {
        challenges--;
      }
      const { text } = answerFields(answer as { message?: unknown });
      // Refused for good: the core refuses every private subscription and the public ones go on.
      if (answer.event === "error") throw new SubscriptionError("challenge", text ?? "error");
      if (!text) throw new WsDecodeError("the server sent an empty challenge", JSON.stringify(answer));
      const signed = await signChallenge(text, credentials);
      return { api_key: credentials.apiKey, original_challenge: text, signed_challenge: signed };
    },
    subscribeFrame(sub, { auth }) {
      options.subscribing(sub.feed, sub.product);
      return subscriptionRequest("subscribe", sub.feed, [sub.product], auth);
    },
    unsubscribeFrame: (sub, { auth }) => subscriptionRequest("unsubscribe", sub.feed, [sub.product], auth),
    isAnswer: (message) => typeof message.event === "string",
    matchAck: (message, pending) =>
      challenges > 0 && message.event === "error" ? undefined : match(message, pending),
  };
}

/** A frame to a message; a malformed one, or one over `maxPayload` (sockets that do not enforce it), throws. */
function decode(data: unknown, maxPayload: number): V1Message {
  const size = typeof data === "string" ? data.length : ((data as { byteLength?: number })?.byteLength ?? 0);
  if (size > maxPayload) {
    const start = typeof data === "string" ? data.slice(0, 200) : "<binary>";
    throw new WsDecodeError(
      `a frame of ${size} bytes exceeds maxPayload (${maxPayload} bytes): dropped`,
      start,
    );
  }
  const decoded = readFrame(data);
  if (decoded instanceof WsDecodeError) throw decoded;
  return decoded as V1Message;
}

type Pending = PendingRequest<V1Sub>;

/**
 * Which requests a Kraken answer settles. Kraken's refusals rarely name the request: `subscribed_failed`
 * names the feed, `error` ("Invalid product id") and `alert` ("Failed to subscribe to authenticated feed")
 * nothing. The server answers a connection's requests in order, so an answer goes to the oldest
 * outstanding request it can belong to; an acknowledgement covers the products it echoes.
 */
function match(message: V1Message, pending: readonly Pending[]): AckMatch | readonly AckMatch[] | undefined {
  const event = message.event;
  if (typeof event !== "string") return undefined;
  const { text, echoed } = answerFields(message as { message?: unknown; product_ids?: unknown });
  const oldest = (test: (p: Pending) => boolean) => pending.find(test);
  const ofFeed = (kind: Pending["kind"]) => (p: Pending) =>
    p.kind === kind && p.subscription?.feed === message.feed;
  const refuse = (p: Pending | undefined, reason: string) => p && { id: p.id, ok: false, reason };
  switch (event) {
    case "subscribed": {
      const products = echoed && echoed.length > 0 ? echoed : undefined;
      const hits = products
        ? pending.filter((p) => ofFeed("subscribe")(p) && products.includes(p.subscription?.product ?? ALL))
        : [];
      const chosen = hits.length > 0 ? hits : [oldest(ofFeed("subscribe"))].filter((p) => p !== undefined);
      return chosen.map((p) => ({ id: p.id, ok: true }));
    }
    case "unsubscribed":
    case "unsubscribed_failed": {
      const hit = oldest(ofFeed("unsubscribe"));
      return hit && { id: hit.id, ok: event === "unsubscribed", reason: event };
    }
    case "subscribed_failed":
      return refuse(oldest(ofFeed("subscribe")), text ?? event);
    case "error":
      return refuse(pending[0], text ?? "error");
    case "alert":
      if (!REFUSING_ALERT.test(text ?? "")) return undefined;
      return refuse(
        oldest(
          (p) => p.kind === "subscribe" && p.subscription !== undefined && isPrivate(p.subscription.feed),
        ),
        text ?? "alert",
      );
    default:
      return undefined;
  }
}
