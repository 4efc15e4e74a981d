// What the WebSocket v1 file says, read from its AsyncAPI document: who sends which payload, the feeds
// (access, product ids, snapshot/update names) and where server messages hold Numeric values.

import { componentName } from "../json-pointer.js";
import type { NumericPlan, Schema } from "../json-schema.js";
import { type NumericNames, numericNames } from "../numeric-names.js";
import type { AsyncApiDocument } from "./document.js";
import { type OperationFacts, operationFacts } from "./facts.js";

/** One subscribable feed, as the feed table and `FeedMessages` state it. */
export interface Feed {
  readonly name: string;
  readonly access: "public" | "private";
  readonly productIds: string;
  readonly snapshot: string | null;
  readonly update: string;
  /** The payload schema of every message of the feed, in the operation's order. */
  readonly messages: readonly string[];
}

/** Everything the v1 emitter writes besides the payload types. */
export interface WsModel {
  readonly schemas: Readonly<Record<string, Schema>>;
  /** Payload schemas of the messages the server sends / the client sends, in operation order. */
  readonly serverPayloads: readonly string[];
  readonly clientPayloads: readonly string[];
  /** Server payloads keyed by `event` and by `feed`. */
  readonly events: readonly string[];
  readonly feedPayloads: readonly string[];
  readonly feeds: readonly Feed[];
  readonly numericFields: Readonly<Record<string, NumericPlan>>;
  readonly numericNames: NumericNames;
}

/** The wire discriminator of a payload schema: `["feed" | "event", value]`. */
export function discriminatorOf(schemas: Readonly<Record<string, Schema>>, name: string): [string, string] {
  const properties = schemas[name]?.properties ?? {};
  for (const key of ["feed", "event"]) {
    const value = properties[key]?.const;
    if (typeof value === "string") return [key, value];
  }
  throw new Error(`schema ${name} has no const feed or event: it cannot join the message union`);
}

/**
 * Where a payload holds `Numeric` values (which may arrive as numeric strings): `true` for a numeric value,
 * an object for a nested one, with `"[]"` for array items and `"*"` for the values of a map.
 */
export function numericPlan(
  document: AsyncApiDocument,
  schema: Schema | boolean | undefined,
  seen: ReadonlySet<string> = new Set(),
): NumericPlan | undefined {
  if (!schema || typeof schema !== "object") return undefined;
  if (schema.$ref) {
    const name = componentName(document, schema.$ref);
    if (seen.has(name)) return undefined;
    return numericPlan(document, document.components.schemas[name], new Set([...seen, name]));
  }
  if (schema["x-numeric"] === true) return true;
  for (const variant of schema.anyOf ?? schema.oneOf ?? []) {
    const plan = numericPlan(document, variant, seen);
    if (plan !== undefined) return plan;
  }
  const plan: Record<string, NumericPlan> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const inner = numericPlan(document, property, seen);
    if (inner !== undefined) plan[key] = inner;
  }
  const items = numericPlan(document, schema.items, seen);
  if (items !== undefined) plan["[]"] = items;
  const values = numericPlan(document, schema.additionalProperties, seen);
  if (values !== undefined) plan["*"] = values;
  return Object.keys(plan).length > 0 ? plan : undefined;
}

/** The feeds: each operation with `x-feed`, its messages checked against the feed. */
export function feedsOf(
  schemas: Readonly<Record<string, Schema>>,
  operations: readonly OperationFacts[],
): Feed[] {
  const feeds: Feed[] = [];
  for (const operation of operations) {
    const feed = operation.feed;
    if (!feed) continue;
    const roles: { snapshot?: string; update?: string } = {};
    for (const message of operation.messages) {
      if (message.feed !== feed.name)
        throw new Error(`${operation.id}: message ${message.name} is not of feed ${feed.name}`);
      if (message.role === "snapshot" || message.role === "update")
        roles[message.role] = discriminatorOf(schemas, message.payload)[1];
    }
    if (!roles.update) throw new Error(`${operation.id}: feed ${feed.name} has no update message`);
    feeds.push({
      name: feed.name,
      access: operation.secured ? "private" : "public",
      productIds: feed.productIds,
      snapshot: roles.snapshot ?? null,
      update: roles.update,
      messages: operation.messages.map((m) => m.payload),
    });
  }
  return feeds;
}

/**
 * The v1 model: operations say who sends what (`send`: client requests, `receive`: server messages).
 * `operations` defaults to the raw document's; the generator's template passes the parser's reading.
 */
export function wsModel(
  document: AsyncApiDocument,
  operations: readonly OperationFacts[] = operationFacts(document),
): WsModel {
  const { schemas } = document.components;
  // Each message once (by component name), in first-seen order, then its payload schema.
  const server = new Map<string, string>();
  const client = new Map<string, string>();
  for (const operation of operations) {
    const target = operation.action === "send" ? client : server;
    for (const m of operation.messages) if (!target.has(m.name)) target.set(m.name, m.payload);
  }
  const serverPayloads = [...server.values()];
  const byKey = (key: string) => serverPayloads.filter((s) => discriminatorOf(schemas, s)[0] === key);
  const numericFields = Object.fromEntries(
    serverPayloads
      .map((name) => [discriminatorOf(schemas, name)[1], numericPlan(document, schemas[name])] as const)
      .filter((entry): entry is readonly [string, NumericPlan] => entry[1] !== undefined),
  );
  return {
    schemas,
    serverPayloads,
    clientPayloads: [...client.values()],
    events: byKey("event"),
    feedPayloads: byKey("feed"),
    feeds: feedsOf(schemas, operations),
    numericFields,
    numericNames: numericNames(
      serverPayloads.map((name) => schemas[name]!),
      (ref) => schemas[componentName(document, ref)]!,
      numericFields,
    ),
  };
}
