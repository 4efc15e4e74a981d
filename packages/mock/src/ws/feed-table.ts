/**
 * Which feeds exist, which take product ids and which are private: the generated feed table
 * (`wsFeeds`, from the AsyncAPI document's `x-feed` and `security`, the same table the client reads),
 * never restated or re-derived here.
 */
import { wsFeeds } from "../generated/ws.gen.js";

/** A feed as the generated table describes it (`wsFeeds`' entries). */
export interface FeedDescription {
  readonly access: "public" | "private";
  readonly productIds: "required" | "optional" | "none";
}

/** A subscribable feed as the server uses it. */
export interface FeedSpec {
  readonly name: string;
  /** `required`: book, ticker, ticker_lite, trade; `optional`: fills; `none`: the others. */
  readonly productIds: "required" | "optional" | "none";
  /** Private feeds need a signed challenge of the connection. */
  readonly private: boolean;
}

/** The server's view of a feed table (default: the generated `wsFeeds`). */
export function feedTable(
  feeds: Readonly<Record<string, FeedDescription>> = wsFeeds,
): ReadonlyMap<string, FeedSpec> {
  return new Map(
    Object.entries(feeds).map(([name, f]) => [
      name,
      { name, productIds: f.productIds, private: f.access === "private" },
    ]),
  );
}
