/**
 * Which UWS channels and methods exist, where they live and what they need: the generated tables of the
 * UWS document (`uwsChannels`, `uwsMethods`, `uwsRequestRules`, mirrored into this package like every
 * other surface's), indexed once for the server's lookups. Nothing is re-read from the document at run
 * time, so the mock and the clients cannot disagree about the table.
 */
import { uwsChannels, uwsMethods, uwsRequestRules } from "../generated/uws.gen.js";

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

/** The table of the UWS document, as the server reads it. */
export interface UwsTable {
  readonly entries: ReadonlyMap<string, UwsEntry>;
  /** Depths `book` accepts, and its default. */
  readonly bookDepths: readonly number[];
  readonly bookDefaultDepth: number;
  /** Depths `level3` accepts, and its default. */
  readonly level3Depths: readonly number[];
  readonly level3DefaultDepth: number;
}

interface DepthRule {
  readonly enum: readonly number[];
  readonly default?: number;
}

/** The `params.depth` rule of a channel's subscribe request: the depths it accepts and its default. */
function depths(rule: DepthRule): { depths: readonly number[]; fallback: number } {
  return { depths: rule.enum, fallback: rule.default ?? (rule.enum[0] as number) };
}

/** Builds the server's view of the generated UWS tables. */
export function uwsTable(): UwsTable {
  const entries = new Map<string, UwsEntry>();
  for (const [name, c] of Object.entries(uwsChannels)) {
    const perConnection = "perConnection" in c ? c.perConnection : undefined;
    entries.set(name, {
      name,
      kind: "channel",
      access: c.access,
      token: c.token,
      servers: c.servers,
      ...(perConnection === undefined ? {} : { perConnection }),
    });
  }
  for (const [name, m] of Object.entries(uwsMethods)) {
    entries.set(name, { name, kind: "method", access: m.access, token: m.token, servers: m.servers });
  }
  const book = depths(uwsRequestRules.subscribe.book.fields.depth);
  const level3 = depths(uwsRequestRules.subscribe.level3.fields.depth);
  return {
    entries,
    bookDepths: book.depths,
    bookDefaultDepth: book.fallback,
    level3Depths: level3.depths,
    level3DefaultDepth: level3.fallback,
  };
}
