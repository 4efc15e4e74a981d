// The Unified WebSocket document (specs/asyncapi/uws/asyncapi.yaml): it parses, it describes every
// channel and method of Kraken's UWS reference (the lists are kept in uws-reference.ts, not read from
// the document), every example validates against its message, and every field that was not read on a
// UWS page is marked `x-unverified` (the fields that were read are listed there, per message).
import { Parser } from "@asyncapi/parser";
import { loadSpec, manifest } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import {
  doc,
  fieldsOf,
  type Json,
  messages,
  payloadName,
  schemaName,
  text,
  validPayload,
} from "./uws-document.js";
import {
  DOCUMENTED_ERRORS,
  METHODS,
  PRIVATE_CHANNELS,
  PUBLIC_CHANNELS,
  SOURCE,
  VERBATIM,
  VERIFIED,
} from "./uws-reference.js";

describe("specs/asyncapi/uws/asyncapi.yaml", () => {
  it("is a valid AsyncAPI 3.0 document (@asyncapi/parser, no error diagnostics)", async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe("3.0.0");
    expect(document?.allMessages().length).toBe(messages.length);
    const servers = document?.servers().all() ?? [];
    expect(servers.map((s) => `${s.protocol()}://${s.host()}${s.pathname()}`)).toEqual([
      "wss://uws.kraken.com/v2/public",
      "wss://uws.kraken.com/v2/private",
    ]);
  }, 60_000); // the parser loads its rulesets on first use: seconds on a busy 2-core machine

  it("is bundled as uws.asyncapi.json/.yaml, with the same content", () => {
    expect(manifest.uws).toMatchObject({
      kind: "asyncapi",
      json: "uws.asyncapi.json",
      yaml: "uws.asyncapi.yaml",
    });
    const bundled = loadSpec("uws") as Json;
    expect(bundled.info["x-content-hash"]).toBe(manifest.uws?.hash);
    expect(bundled.components).toEqual(doc.components);
    expect(bundled.channels).toEqual(doc.channels);
  });

  it("has a channel for every UWS channel of the reference, on the right server, and no other", () => {
    const channels = Object.entries(doc.channels as Record<string, Json>).filter(
      ([, c]) => c["x-uws"]?.kind === "channel",
    );
    expect(channels.map(([name]) => name).sort()).toEqual([...PUBLIC_CHANNELS, ...PRIVATE_CHANNELS].sort());
    for (const [name, channel] of channels) {
      const access = PUBLIC_CHANNELS.includes(name) ? "public" : "private";
      expect(channel["x-uws"].access, name).toBe(access);
      expect(
        channel.servers.map((s: Json) => s.$ref),
        name,
      ).toContain(`#/servers/${access}`);
    }
    // level3 is on the public host but needs a token; margin and positions allow one subscription.
    expect(doc.channels.level3["x-uws"].token).toBe(true);
    expect(doc.channels.margin["x-uws"].perConnection).toBe(1);
    expect(doc.channels.positions["x-uws"].perConnection).toBe(1);
  });

  it("has a send operation with a reply for every method of the reference", () => {
    const operations = Object.values(doc.operations as Record<string, Json>);
    const sent = operations.filter((o) => o.action === "send");
    expect([...new Set(sent.map((o) => o["x-uws-method"]))].sort()).toEqual([...METHODS].sort());
    for (const operation of sent) {
      expect(operation.reply?.messages?.length ?? 0, operation.title).toBeGreaterThan(0);
    }
    // Every channel but heartbeat can be subscribed to and unsubscribed from, and has a receive operation.
    for (const channel of [...PUBLIC_CHANNELS, ...PRIVATE_CHANNELS]) {
      const on = operations.filter((o) => o.channel.$ref === `#/channels/${channel}`);
      const methods = on.filter((o) => o.action === "send").map((o) => o["x-uws-method"]);
      expect(methods.sort(), channel).toEqual(channel === "heartbeat" ? [] : ["subscribe", "unsubscribe"]);
      expect(on.filter((o) => o.action === "receive").length, channel).toBe(1);
    }
  });

  it("asks for a token exactly where x-uws says so: in the request params and the operation's security", () => {
    for (const operation of Object.values(doc.operations as Record<string, Json>)) {
      if (operation.action !== "send") continue;
      const channel = doc.channels[schemaName(operation.channel.$ref)];
      const [, , channelName = "", , key = ""] = operation.messages[0].$ref.split("/");
      const request = doc.components.messages[schemaName(doc.channels[channelName].messages[key].$ref)];
      const params = doc.components.schemas[payloadName(request)].properties.params;
      const needsToken = channel["x-uws"].token === true;
      expect((params?.required ?? []).includes("token"), operation.title).toBe(needsToken);
      const security = (operation.security as Json[]).map((s) => s.$ref);
      expect(security, operation.title).toEqual(needsToken ? ["#/components/securitySchemes/token"] : []);
    }
  });

  it("answers each request with an acknowledgement of the same method, correlated by req_id", () => {
    for (const operation of Object.values(doc.operations as Record<string, Json>)) {
      if (operation.action !== "send") continue;
      const at = (ref: string) => {
        const [, , channel = "", , key = ""] = ref.split("/");
        return doc.components.messages[schemaName(doc.channels[channel].messages[key].$ref)];
      };
      const request = at(operation.messages[0].$ref);
      const reply = at(operation.reply.messages[0].$ref);
      const method = (m: Json) => doc.components.schemas[payloadName(m)].properties.method.const;
      expect(method(reply), operation.title).toBe(method(request) === "ping" ? "pong" : method(request));
      for (const m of [request, reply]) {
        expect(m.correlationId?.$ref, m.name).toBe("#/components/correlationIds/reqId");
        expect(doc.components.schemas[payloadName(m)].properties.req_id, m.name).toBeDefined();
      }
    }
    expect(doc.components.correlationIds.reqId.location).toBe("$message.payload#/req_id");
  });

  it("lists the documented error strings as an open enum", () => {
    const [known, open] = doc.components.schemas.AckError.anyOf;
    expect([...known.enum].sort()).toEqual([...DOCUMENTED_ERRORS].sort());
    expect(open).toEqual({ type: "string" });
    expect(validPayload("AckError", "Some error Kraken adds later")).toEqual([]);
  });

  it.each(messages)("message %s has a titled payload and at least one example", (_, message) => {
    expect(doc.components.schemas[payloadName(message)]?.title).toBeTruthy();
    expect(message.examples?.length ?? 0).toBeGreaterThan(0);
  });

  const examples = messages.flatMap(([name, m]) =>
    (m.examples as Json[]).map((e) => [`${name}/${e.name}`, payloadName(m), e] as const),
  );
  it.each(examples)("example %s validates against its payload schema", (_, schema, example) => {
    expect(validPayload(schema, example.payload)).toEqual([]);
    expect(example.summary).toMatch(/^(Verbatim from https:\/\/docs\.kraken\.com\/|Constructed)/);
  });

  it("carries the reference's verbatim examples unchanged, and marks every other one as constructed", () => {
    const verbatim = examples.filter(([, , e]) => e.summary.startsWith("Verbatim"));
    expect(verbatim.map(([id]) => id).sort()).toEqual(Object.keys(VERBATIM).sort());
    for (const [id, , example] of verbatim) expect(JSON.stringify(example.payload), id).toBe(VERBATIM[id]);
  });

  it.each(messages)("message %s marks every field not read on a UWS page x-unverified", (name, message) => {
    expect(VERIFIED[name], `no verified-field list for ${name}`).toBeDefined();
    const verified = VERIFIED[name] ?? [];
    const fields = fieldsOf(message.payload);
    const paths = fields.map((f) => f.path);
    expect(
      verified.filter((p) => !paths.includes(p)),
      "listed as read but not in the document",
    ).toEqual([]);
    const wrong = fields.flatMap((f) => {
      const mark = f.own ?? f.inherited;
      // A field read on the page may sit in an unverified container (instrument's pair rules in `pairs`).
      if (verified.includes(f.path)) return f.own ? [`${f.path} was read but is marked "${f.own}"`] : [];
      if (!mark) return [`${f.path} was not read but carries no x-unverified`];
      return SOURCE.test(f.own ?? mark) ? [] : [`${f.path}: "${mark}" does not say where it comes from`];
    });
    expect(wrong).toEqual([]);
  });

  it("uses only JSON Schema keywords in its schemas (an unquoted comma in a flow mapping makes a key)", () => {
    const KEYWORDS = new Set(
      "$ref title description type enum const default format minimum maximum exclusiveMinimum minItems maxItems items properties required additionalProperties anyOf oneOf allOf not deprecated examples".split(
        " ",
      ),
    );
    const strays: string[] = [];
    const visit = (schema: Json, at: string) => {
      for (const [key, value] of Object.entries(schema)) {
        if (!KEYWORDS.has(key) && !key.startsWith("x-")) strays.push(`${at}: ${key}`);
        if (key === "properties") for (const [n, p] of Object.entries(value as Json)) visit(p, `${at}.${n}`);
        if (["items", "additionalProperties", "not"].includes(key) && typeof value === "object")
          visit(value, at);
        if (["anyOf", "oneOf", "allOf"].includes(key)) for (const v of value as Json[]) visit(v, at);
      }
    };
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, Json>))
      visit(schema, name);
    expect(strays).toEqual([]);
  });

  it("keeps data objects open to fields Kraken adds", () => {
    const closed = Object.entries(doc.components.schemas as Record<string, Json>)
      .flatMap(([n, s]) => [[n, s] as const, ...fieldsOf(s).map((f) => [`${n}.${f.path}`, f] as const)])
      .filter(([, s]) => (s as Json).additionalProperties === false)
      .map(([n]) => n);
    expect(closed).toEqual([]);
  });

  it("describes the state each channel's client must keep", () => {
    const about = (channel: string) => doc.channels[channel].description as string;
    expect(about("book")).toMatch(/CRC32.*top\s+10/s);
    expect(about("ledgers")).toMatch(/`sequence` number per connection/);
    expect(about("positions")).toMatch(/Exactly one snapshot/);
    expect(about("positions")).toMatch(/`size`\s+0/);
    expect(about("positions")).toMatch(/snapshot_too_large/);
    expect(about("margin")).toMatch(/full state replacement/);
    expect(about("margin")).toMatch(/One subscription per connection/);
    expect(about("positions")).toMatch(/One subscription per connection/);
    expect(about("executions")).toMatch(/no `pending_new`/);
  });
});
