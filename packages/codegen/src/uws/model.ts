// What the Unified WebSocket file says, read from its AsyncAPI document: the channels (subscription
// channels with their data messages, and methods with the acknowledgement that answers them) and the
// rules the client checks of each request's `params` before sending it.
import type { AsyncApiDocument, Channel, Operation } from "../asyncapi/document.js";
import { componentName, pointerLeaf } from "../json-pointer.js";
import type { Schema } from "../json-schema.js";

/** What every channel and method entry states: the server it is on, its token, its servers. */
export interface ChannelFacts {
  readonly access: string;
  readonly token: unknown;
  readonly servers: string[];
  readonly perConnection?: number;
}

/** A subscription channel: its subscribe/unsubscribe payloads (null: not subscribable), data by `type`. */
export interface UwsChannel extends ChannelFacts {
  readonly subscribe: string | null;
  readonly unsubscribe: string | null;
  readonly data: Record<string, string>;
}

/** A method: the payloads of its request and reply, and the reply's `method` value. */
export interface UwsMethod extends ChannelFacts {
  readonly request: string;
  readonly reply: string;
  readonly replyMethod: unknown;
}

/** The channel and method tables. */
export interface UwsTables {
  readonly channels: Record<string, UwsChannel>;
  readonly methods: Record<string, UwsMethod>;
}

/** The payload schema name of an operation's message or reply reference. */
const payloadOf = (document: AsyncApiDocument, ref: string): string =>
  componentName(document, document.components.messages[componentName(document, ref)]!.payload.$ref);

const constOf = (document: AsyncApiDocument, schema: string, key: string): unknown =>
  document.components.schemas[schema]?.properties?.[key]?.const;

/** The facts common to channels and methods, from the channel's `x-uws`. */
function factsOf(name: string, channel: Channel): ChannelFacts {
  const meta = channel["x-uws"];
  if (!meta) throw new Error(`channel ${name} has no x-uws`);
  return {
    access: meta.access,
    token: meta.token,
    servers: channel.servers.map((s) => pointerLeaf(s.$ref)),
    ...(meta.perConnection ? { perConnection: meta.perConnection } : {}),
  };
}

/** The channel and method tables, in the document's channel order. */
export function uwsTables(document: AsyncApiDocument): UwsTables {
  const channels: Record<string, UwsChannel> = {};
  const methods: Record<string, UwsMethod> = {};
  const payload = (ref: Operation["messages"][number]) => payloadOf(document, ref.$ref);
  for (const [name, channel] of Object.entries(document.channels)) {
    const entry = factsOf(name, channel);
    const on = Object.values(document.operations).filter((o) => o.channel.$ref === `#/channels/${name}`);
    const sent = (method: string) => on.find((o) => o.action === "send" && o["x-uws-method"] === method);
    if (channel["x-uws"]?.kind === "method") {
      const op = sent(name);
      if (!op?.reply) throw new Error(`method ${name} has no send operation with a reply`);
      const reply = payload(op.reply.messages[0]!);
      methods[name] = {
        ...entry,
        request: payload(op.messages[0]!),
        reply,
        replyMethod: constOf(document, reply, "method"),
      };
      continue;
    }
    const data: Record<string, string> = {};
    for (const m of on.find((o) => o.action === "receive")?.messages ?? []) {
      const schema = payload(m);
      data[String(constOf(document, schema, "type") ?? "message")] = schema;
    }
    const [subscribe, unsubscribe] = ["subscribe", "unsubscribe"].map((m) => sent(m));
    channels[name] = {
      ...entry,
      subscribe: subscribe ? payload(subscribe.messages[0]!) : null,
      unsubscribe: unsubscribe ? payload(unsubscribe.messages[0]!) : null,
      data,
    };
  }
  return { channels, methods };
}

/** What the client checks of one object: required fields, each field's rule, groups, id bounds. */
export interface ParamRules {
  required: readonly string[];
  fields: Record<string, FieldRule>;
  oneOf?: string[][][];
  anyOf?: string[][][];
  ids?: unknown;
}

/** One field's rule: JSON types, enum, default, array bounds, and its items' or members' rules. */
export interface FieldRule {
  type: string[];
  enum?: unknown[];
  default?: unknown;
  minItems?: number;
  maxItems?: number;
  items?: ParamRules;
  itemType?: string | readonly string[];
  object?: ParamRules;
}

/** Request-rule derivation over one document (refs followed one component deep at a time). */
class RuleReader {
  constructor(private readonly document: AsyncApiDocument) {}

  deref(schema: Schema | undefined): Schema | undefined {
    return schema?.$ref
      ? this.deref(this.document.components.schemas[componentName(this.document, schema.$ref)])
      : schema;
  }

  /** The JSON types a schema allows (an `anyOf`/`oneOf` of typed alternatives gives the union). */
  typesOf(schema: Schema): string[] {
    if (Array.isArray(schema.type)) return schema.type as string[];
    if (schema.type) return [schema.type as string];
    const alternatives = (schema.anyOf ?? schema.oneOf ?? []).map((a) => this.deref(a)!);
    const types = alternatives.flatMap((a) => this.typesOf(a));
    return alternatives.length && alternatives.every((a) => this.typesOf(a).length)
      ? [...new Set(types)]
      : [];
  }

  field(raw: Schema): FieldRule {
    const f = this.deref(raw)!;
    const rule: FieldRule = { type: this.typesOf(f) };
    if (f.enum) rule.enum = f.enum as unknown[];
    if (f.default !== undefined) rule.default = f.default;
    if (f.minItems !== undefined) rule.minItems = f.minItems as number;
    if (f.maxItems !== undefined) rule.maxItems = f.maxItems as number;
    const items = f.items && this.deref(f.items);
    if (items?.type === "object") rule.items = this.rules(items);
    else if (items?.type) rule.itemType = items.type;
    if (f.type === "object" && f.properties) rule.object = this.rules(f);
    return rule;
  }

  /** The `oneOf`/`anyOf` groups of an object's `allOf` parts: each alternative's required names. */
  groups(schema: Schema, key: "oneOf" | "anyOf"): string[][][] {
    return (schema.allOf ?? []).flatMap((part) =>
      part[key] ? [part[key].map((alt) => (alt.required ?? []) as string[])] : [],
    );
  }

  rules(schema: Schema): ParamRules {
    const s = this.deref(schema)!;
    const fields: Record<string, FieldRule> = {};
    for (const [name, raw] of Object.entries(s.properties ?? {})) fields[name] = this.field(raw);
    const rules: ParamRules = { required: (s.required ?? []) as string[], fields };
    const oneOf = this.groups(s, "oneOf");
    const anyOf = this.groups(s, "anyOf");
    if (oneOf.length) rules.oneOf = oneOf;
    if (anyOf.length) rules.anyOf = anyOf;
    if (s["x-uws-ids"]) rules.ids = s["x-uws-ids"];
    return rules;
  }
}

/**
 * What the client checks of a request's `params` before sending it, read from the schema: the required
 * fields, each field's type, enum, default and array bounds (items described the same way when they are
 * objects), the `oneOf`/`anyOf` groups of alternatives, and `x-uws-ids` (a bound on the ids of several lists).
 */
export function paramRules(document: AsyncApiDocument, schema: Schema): ParamRules {
  return new RuleReader(document).rules(schema);
}

/** The request rules of every method (by name) and every subscribable channel (by channel). */
export function requestRules(document: AsyncApiDocument, tables: UwsTables) {
  const reader = new RuleReader(document);
  const paramsOf = (name: string) =>
    reader.rules(document.components.schemas[name]?.properties?.["params"] ?? { type: "object" });
  return {
    methods: Object.fromEntries(Object.entries(tables.methods).map(([n, m]) => [n, paramsOf(m.request)])),
    subscribe: Object.fromEntries(
      Object.entries(tables.channels)
        .filter(([, c]) => c.subscribe)
        .map(([n, c]) => [n, paramsOf(c.subscribe!)]),
    ),
  };
}
