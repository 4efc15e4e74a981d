// The Unified WebSocket file, <package>/src/generated/<surface>.gen.ts: the payload types
// (openapi-typescript over components.schemas), one alias per message payload, the unions (what the
// client sends, acknowledgements by `method`, channel data by `channel` + `type`) and the channel,
// method and request-rule tables. Each section is a small template over ./model.ts; the tables part is
// what the AsyncAPI generator's template renders (../../asyncapi-template).
import { type AsyncApiDocument, payloadAlias, unionOf } from "../asyncapi/document.js";
import { header } from "../header.js";
import { requestRules, type UwsTables, uwsTables } from "./model.js";

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const union = (names: readonly string[]): string => unionOf(unique(names));

/** `  key: Type;` lines of an interface body. */
const fields = (entries: readonly (readonly [string, string])[]): string =>
  entries.map(([key, type]) => `  ${key}: ${type};`).join("\n");

/** The header and the payload types: the part openapi-typescript writes. */
export const uwsTypesPart = (surface: string, source: string, provenance: string, types: string): string =>
  header(
    `generate ${surface}`,
    source,
    provenance,
    "Payload types (openapi-typescript over components.schemas), the message unions and the channel and\n" +
      "method tables, read by the uws client and (mirrored) by the mock exchange.",
  ) + types;

/** The request, acknowledgement and data payloads the unions list. */
function members({ channels, methods }: UwsTables) {
  const subscribable = Object.entries(channels).filter(([, c]) => c.subscribe);
  return {
    subscribable,
    requests: [
      ...subscribable.flatMap(([, c]) => [c.subscribe!, c.unsubscribe!]),
      ...Object.values(methods).map((m) => m.request),
    ],
    acks: ["SubscribeAck", "UnsubscribeAck", ...Object.values(methods).map((m) => m.reply)],
    data: Object.values(channels).flatMap((c) => Object.values(c.data)),
  };
}

/** The unions, and the interfaces mapping channels and methods to their payloads. */
function unionsSection(tables: UwsTables): string {
  const { subscribable, requests, acks, data } = members(tables);
  const { channels, methods } = tables;
  return `/** Every request the client sends: subscribe and unsubscribe per channel, and every method. */
export type UwsRequest =${union(requests)};

/** Every acknowledgement, discriminated by \`method\` (a ping is answered by \`pong\`). */
export type UwsAck =${union(acks)};

/** Every channel message, discriminated by \`channel\` and then \`type\`. */
export type UwsData =${union(data)};

/** Everything the server sends. */
export type UwsServerMessage = UwsAck | UwsData;

/** The subscribe request of each channel that can be subscribed to. */
export interface UwsSubscribeRequests {
${fields(subscribable.map(([n, c]) => [n, c.subscribe!]))}
}

/** The unsubscribe request of each channel that can be subscribed to. */
export interface UwsUnsubscribeRequests {
${fields(subscribable.map(([n, c]) => [n, c.unsubscribe!]))}
}

/** The messages each channel delivers. */
export interface UwsChannelData {
${fields(Object.entries(channels).map(([n, c]) => [n, unique(Object.values(c.data)).join(" | ")]))}
}

/** The request of each method other than subscribe and unsubscribe. */
export interface UwsMethodRequests {
${fields(Object.entries(methods).map(([n, m]) => [n, m.request]))}
}

/** The acknowledgement that answers each method. */
export interface UwsMethodAcks {
${fields(Object.entries(methods).map(([n, m]) => [n, m.reply]))}
}
`;
}

/** The channel, method and request-rule tables, and the name types read from them. */
const tablesSection = (document: AsyncApiDocument, tables: UwsTables): string => `/**
 * What the spec says about each channel: \`access\` (the server it is on), whether it needs \`params.token\`,
 * its servers, \`perConnection\` where only that many subscriptions are allowed per connection, the payload
 * schemas of its subscribe and unsubscribe requests (null: it cannot be subscribed to), and its data
 * messages by \`type\`.
 */
export const uwsChannels = ${json(tables.channels)} as const;

/**
 * What the spec says about each method: access, token, servers, the payload schemas of its request and
 * of the acknowledgement that answers it, and that acknowledgement's \`method\`.
 */
export const uwsMethods = ${json(tables.methods)} as const;

/**
 * What the client checks of each request's \`params\` before sending it (methods by name, subscriptions by
 * channel): required fields, types, enums, array bounds, groups of alternatives (\`oneOf\`: exactly one,
 * \`anyOf\`: at least one) and \`ids\` (bounds on the ids of several lists together).
 */
export const uwsRequestRules = ${json(requestRules(document, tables))} as const;

/** A channel name. */
export type UwsChannelName = keyof typeof uwsChannels;
/** A method name other than subscribe and unsubscribe. */
export type UwsMethodName = keyof typeof uwsMethods;
`;

/** Everything after the payload types: aliases, unions and tables. */
export function uwsTablesPart(document: AsyncApiDocument): string {
  const tables = uwsTables(document);
  const { requests, acks, data } = members(tables);
  const { schemas } = document.components;
  const aliases = unique([...requests, ...acks, ...data])
    .map((name) => payloadAlias(name, schemas[name]!))
    .join("\n");
  return `
// ---- messages, by the name of their payload schema

${aliases}

${unionsSection(tables)}
${tablesSection(document, tables)}`;
}
