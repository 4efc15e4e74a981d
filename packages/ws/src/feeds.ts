// The v1 feeds as the spec's feed table describes them: which feed a message belongs to, which product
// ids a subscription may carry, and the (un)subscribe request on the wire.
import { WsArgumentError } from "./errors.js";
import { type FeedName, wsFeeds } from "./generated/ws.gen.js";
import type { AuthFields } from "./protocol.js";

/** Key of "every product" (feeds without product ids, or fills without a filter). */
export const ALL = "";

/** Which subscribable feed a message's `feed` value belongs to, from the spec's feed table. */
export const FEED_OF_MESSAGE = new Map<string, FeedName>();
for (const [name, feed] of Object.entries(wsFeeds) as [FeedName, (typeof wsFeeds)[FeedName]][]) {
  FEED_OF_MESSAGE.set(feed.update, name);
  if (feed.snapshot !== null) FEED_OF_MESSAGE.set(feed.snapshot, name);
}

export const isFeed = (name: unknown): name is FeedName =>
  typeof name === "string" && Object.hasOwn(wsFeeds, name);

export const isPrivate = (feed: FeedName): boolean => wsFeeds[feed].access === "private";

/** The product ids of a subscription, de-duplicated, checked against the spec's feed table. */
export function checkedProductIds(
  feed: FeedName,
  productIds: readonly string[] | undefined,
): string[] | undefined {
  const spec = (wsFeeds as Record<string, (typeof wsFeeds)[FeedName]>)[feed];
  if (!spec) throw new WsArgumentError(`subscribe: unknown feed "${String(feed)}"`);
  const ids = productIds ? [...new Set(productIds)] : undefined;
  if (ids?.some((id) => typeof id !== "string" || id.length === 0)) {
    throw new WsArgumentError(`subscribe(${feed}): product ids must be non-empty strings`);
  }
  if (spec.productIds === "required" && (!ids || ids.length === 0)) {
    throw new WsArgumentError(`subscribe(${feed}): this feed needs productIds`);
  }
  if (spec.productIds === "none" && ids && ids.length > 0) {
    throw new WsArgumentError(`subscribe(${feed}): this feed takes no productIds`);
  }
  return ids;
}

/**
 * The `{event, feed, product_ids?, ...auth}` request for some keys of a feed. "Every product" (ALL) wins
 * over a list: fills without product_ids already covers them all.
 */
export function subscriptionRequest(
  event: "subscribe" | "unsubscribe",
  feed: FeedName,
  keys: readonly string[],
  auth: AuthFields | undefined,
): Record<string, unknown> {
  const request: Record<string, unknown> = { event, feed };
  const products = keys.filter((k) => k !== ALL);
  if (!keys.includes(ALL) && products.length > 0) request["product_ids"] = products;
  if (auth) Object.assign(request, auth);
  return request;
}

/** Events that answer nothing the client waits for and report nothing wrong. */
export function isInformational(event: string, text: string | undefined): boolean {
  if (event === "subscribed" || event === "unsubscribed" || event === "info" || event === "pong") return true;
  // "Already subscribed": the server re-sends the snapshot; nothing is wrong.
  return event === "alert" && text !== undefined && /^already subscribed/i.test(text);
}

/** The text of a frame's `message`, and the product ids an acknowledgement echoes. */
export function answerFields(message: { message?: unknown; product_ids?: unknown }): {
  text: string | undefined;
  echoed: string[] | undefined;
} {
  const text = typeof message.message === "string" ? message.message : undefined;
  const ids = message.product_ids;
  const echoed = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : undefined;
  return { text, echoed };
}
