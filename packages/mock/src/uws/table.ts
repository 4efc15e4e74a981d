/**
 * Which UWS channels and methods exist, where they live and what they need: read once from the bundled
 * AsyncAPI document (`channels.*.x-uws`, the book depths of `BookSubscribeRequest`), never restated
 * here, so the mock and the document cannot disagree. The mock reads the bundled document the way it
 * reads its other specs (`loadSpec`), rather than importing the ws package's generated table: the mock
 * must not depend on the client package.
 */
import { loadSpec } from "@kraken-futures/specs";

/** A channel or method of the UWS document. */
export interface UwsEntry {
  readonly name: string;
  readonly kind: "channel" | "method";
  readonly access: "public" | "private";
  /** Needs `params.token`. */
  readonly token: boolean;
  /** Subscriptions allowed per connection (`margin`, `positions`: 1), when limited. */
  readonly perConnection?: number;
  /** Hosts it is served on (`public`, `private`). */
  readonly servers: readonly string[];
}

/** The table of a UWS document. */
export interface UwsTable {
  readonly entries: ReadonlyMap<string, UwsEntry>;
  /** Depths `book` accepts, and its default. */
  readonly bookDepths: readonly number[];
  readonly bookDefaultDepth: number;
  /** Depths `level3` accepts, and its default. */
  readonly level3Depths: readonly number[];
  readonly level3DefaultDepth: number;
}

type Doc = {
  channels?: Record<
    string,
    {
      title?: string;
      "x-uws"?: { kind?: string; access?: string; token?: boolean; perConnection?: number };
      servers?: { $ref?: string }[];
    }
  >;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
};

/** Reads the table of a UWS document (default: the bundled `uws` document). */
export function uwsTable(document: Record<string, unknown> = loadSpec("uws")): UwsTable {
  const doc = document as Doc;
  const entries = new Map<string, UwsEntry>();
  for (const [key, ch] of Object.entries(doc.channels ?? {})) {
    const x = ch["x-uws"];
    if (!x || (x.kind !== "channel" && x.kind !== "method")) continue;
    entries.set(ch.title ?? key, {
      name: ch.title ?? key,
      kind: x.kind,
      access: x.access === "private" ? "private" : "public",
      token: x.token === true,
      ...(typeof x.perConnection === "number" ? { perConnection: x.perConnection } : {}),
      servers: (ch.servers ?? []).map(
        (s) =>
          String(s.$ref ?? "")
            .split("/")
            .pop() ?? "",
      ),
    });
  }
  if (entries.size === 0) throw new Error("the UWS AsyncAPI document lists no channels (channels.*.x-uws)");
  const book = depthsOf(doc, "BookSubscribeRequest");
  const level3 = depthsOf(doc, "Level3SubscribeRequest");
  return {
    entries,
    bookDepths: book.depths,
    bookDefaultDepth: book.fallback,
    level3Depths: level3.depths,
    level3DefaultDepth: level3.fallback,
  };
}

/** The `params.depth` enum and default of a subscribe request schema. */
function depthsOf(doc: Doc, schema: string): { depths: number[]; fallback: number } {
  const params = doc.components?.schemas?.[schema]?.properties?.params as
    | { properties?: { depth?: { enum?: number[]; default?: number } } }
    | undefined;
  const depth = params?.properties?.depth;
  if (!depth?.enum?.length) throw new Error(`the UWS document gives no depths (${schema})`);
  return { depths: depth.enum, fallback: depth.default ?? depth.enum[0]! };
}
