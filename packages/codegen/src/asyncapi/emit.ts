// The WebSocket v1 file, <package>/src/generated/<surface>.gen.ts: the payload types (openapi-typescript
// over components.schemas), then the message unions and the feed and numeric tables. Each section is a
// small template over the model (./ws-model.ts); the tables part is what the AsyncAPI generator's
// template renders (../../asyncapi-template).
import { header } from "../header.js";
import { payloadAlias, unionOf } from "./document.js";
import { discriminatorOf, type WsModel } from "./ws-model.js";

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The header and the payload types: the part openapi-typescript writes. */
export const wsTypesPart = (surface: string, source: string, provenance: string, types: string): string =>
  header(
    `generate ${surface}`,
    source,
    provenance,
    "Payload types (openapi-typescript over components.schemas), the message unions and the feed table.",
  ) + types;

/** One alias per payload the file names, each schema once. */
const aliasesSection = (m: WsModel): string =>
  [...new Set([...m.clientPayloads, ...m.serverPayloads, ...m.feeds.flatMap((f) => f.messages)])]
    .map((name) => payloadAlias(name, m.schemas[name]!))
    .join("\n");

/** The unions of what the server and the client send, and the messages of each feed. */
const unionsSection = (
  m: WsModel,
): string => `/** Every message the server sends, discriminated by \`event\` or \`feed\`. */
export type ServerMessage = ServerEvent | FeedMessage;

/** Messages keyed by \`event\`: connection and subscription events. */
export type ServerEvent =${unionOf(m.events)};

/** Messages keyed by \`feed\`: snapshots and updates of every feed. */
export type FeedMessage =${unionOf(m.feedPayloads)};

/** Every request the client sends. */
export type ClientRequest =${unionOf(m.clientPayloads)};

/** The messages each subscribable feed delivers. */
export interface FeedMessages {
${m.feeds.map((f) => `  ${f.name}: ${f.messages.join(" | ")};`).join("\n")}
}
`;

/** The feed table and the feed-name types read from it. */
const feedTableSection = (m: WsModel): string => {
  const table = Object.fromEntries(
    m.feeds.map((f) => [
      f.name,
      { access: f.access, productIds: f.productIds, snapshot: f.snapshot, update: f.update },
    ]),
  );
  return `/**
 * What the spec says about each feed: \`access\` (private feeds need a signed challenge), whether
 * \`product_ids\` is required, optional or not taken, and the \`feed\` value of its snapshot and update messages.
 */
export const wsFeeds = ${json(table)} as const;

/** A feed name that \`subscribe\` accepts. */
export type FeedName = keyof typeof wsFeeds;
/** Feeds anyone may subscribe to. */
export type PublicFeedName = { [F in FeedName]: (typeof wsFeeds)[F]["access"] extends "public" ? F : never }[FeedName];
/** Feeds that need credentials. */
export type PrivateFeedName = Exclude<FeedName, PublicFeedName>;
`;
};

/** The decoder's Numeric tables: per-message plans and the name table proven equivalent to them. */
const numericSection = (m: WsModel): string => {
  const n = m.numericNames;
  return `/**
 * Where each server message (by its \`feed\` or \`event\` value) holds Numeric values, which may arrive as
 * numeric strings: \`true\` marks a value, \`"[]"\` the items of an array, \`"*"\` the values of a map.
 */
export const numericFields: Record<string, NumericPlan> = ${json(m.numericFields)};

/** See {@link numericFields}. */
export type NumericPlan = true | { readonly [key: string]: NumericPlan };

/**
 * The decoder's form of {@link numericFields}: in a message whose \`feed\` or \`event\` is one of \`messages\`, a
 * property named in \`keys\` is Numeric, one named in \`maps\` is a map of Numeric values, at most \`depth\` objects
 * deep. packages/codegen/src/numeric-names.ts proves it equivalent to numericFields over every server message schema.
 */
export const numericNames = {
  keys: new Set(${JSON.stringify(n.keys)}),
  maps: new Set(${JSON.stringify(n.maps)}),
  messages: new Set(${JSON.stringify(n.messages)}),
  depth: ${n.depth},
};
`;
};

/** Everything after the payload types: aliases, unions, the feed table, the numeric tables, the events. */
export function wsTablesPart(m: WsModel): string {
  const events = m.events.map((s) => discriminatorOf(m.schemas, s)[1]);
  return `
// ---- messages, by the name of their payload schema

${aliasesSection(m)}

${unionsSection(m)}
${feedTableSection(m)}
${numericSection(m)}
/** The \`event\` values of {@link ServerEvent}. */
export const serverEvents = ${JSON.stringify(events)} as const;
`;
}
