/**
 * Which feeds exist, which take product ids and which are private: read from the AsyncAPI document
 * (`operations.receive<Feed>.x-feed` and `security`), never restated here, so the mock and the client
 * obey the same table.
 */
import { loadSpec } from "@kraken-futures/specs";

/** A subscribable feed as the AsyncAPI document describes it. */
export interface FeedSpec {
  readonly name: string;
  /** `required`: book, ticker, ticker_lite, trade; `optional`: fills; `none`: the others. */
  readonly productIds: "required" | "optional" | "none";
  /** Private feeds need a signed challenge of the connection. */
  readonly private: boolean;
}

interface Operation {
  readonly action?: string;
  readonly "x-feed"?: { name?: unknown; productIds?: unknown };
  readonly security?: readonly unknown[];
}

/** The feed table of an AsyncAPI document (default: the bundled `ws` document). */
export function feedTable(document: Record<string, unknown> = loadSpec("ws")): ReadonlyMap<string, FeedSpec> {
  const operations = (document.operations ?? {}) as Record<string, Operation>;
  const out = new Map<string, FeedSpec>();
  for (const op of Object.values(operations)) {
    const feed = op["x-feed"];
    if (op.action !== "receive" || typeof feed?.name !== "string") continue;
    const productIds =
      feed.productIds === "required" || feed.productIds === "optional" ? feed.productIds : "none";
    out.set(feed.name, {
      name: feed.name,
      productIds,
      private: Array.isArray(op.security) && op.security.length > 0,
    });
  }
  if (out.size === 0) throw new Error("the WebSocket AsyncAPI document lists no feeds (operations.*.x-feed)");
  return out;
}
