// The Unified WebSocket document (specs/asyncapi/uws/asyncapi.yaml): it parses, it describes every
// channel and method of Kraken's UWS reference (the lists below are kept here, not read from the
// document), every example validates against its message, and every field that was not read on a UWS
// page is marked `x-unverified` (the fields that were read are listed here, per message).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser } from "@asyncapi/parser";
import { loadSpec, manifest } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { documentValidator } from "../validator.js";
import { crc32, levelChecksum } from "./uws-checksum.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks parsed YAML of any shape
type Json = Record<string, any>;

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const text = readFileSync(join(root, "specs/asyncapi/uws/asyncapi.yaml"), "utf8");
const doc: Json = parse(text);
const messages = Object.entries(doc.components.messages as Record<string, Json>);
const schemaName = (ref: string) => ref.split("/").pop() as string;
const payloadName = (message: Json) => schemaName(message.payload.$ref);
const { validate } = documentValidator(doc, "https://spec.local/uws.asyncapi.json");
const validPayload = (schema: string, value: unknown) =>
  validate({ $ref: `#/components/schemas/${schema}` }, value);

// ---------------------------------------------------------------- what the reference lists
const PUBLIC_CHANNELS = ["book", "ticker", "trade", "instrument", "level3", "heartbeat"];
const PRIVATE_CHANNELS = ["executions", "balances", "margin", "positions", "ledgers", "preferences"];
const METHODS = [
  "subscribe",
  "unsubscribe",
  "ping",
  "add_order",
  "amend_order",
  "cancel_order",
  "cancel_all",
  "cancel_all_orders_after",
  "batch_add",
  "batch_cancel",
  "set_preference",
];
/** The error strings documented on UWS pages (reference part 2 §3). */
const DOCUMENTED_ERRORS = [
  "'params.snapshot' is not valid for the margin channel",
  "Already subscribed to margin channel",
  "Already subscribed to positions channel",
  "'params.asset_class' is not valid for the ledgers channel",
  "Preferences are not available yet, try again later",
  "Leverage exceeds the market's margin schedule",
  "Leverage change would cause liquidation",
  "Insufficient margin for the requested leverage",
  "Leverage is outside the permitted range for this market",
  "Leverage change rejected",
  "Unknown 'params.leverage_mode.symbol'",
];
/** Verbatim examples of the reference, as printed there (key order included). */
const VERBATIM: Record<string, string> = {
  "heartbeat/heartbeat": '{"channel":"heartbeat"}',
  "ping/ping": '{"method":"ping","req_id":101}',
  "setPreferenceAck/insufficientMargin":
    '{"method":"set_preference","success":false,"error":"Insufficient margin for the requested leverage","req_id":103,"time_in":"2026-11-11T09:02:00.000000Z","time_out":"2026-11-11T09:02:00.050000Z"}',
  "cancelAllOrdersAfter/spotV2Example":
    '{"method":"cancel_all_orders_after","params":{"timeout":100,"token":"zwpdzWUe18Bn6h4TAMorh26+QbcMeST2B5tamfe+pgQ"},"req_id":1234567890}',
};

// ---------------------------------------------------------------- fields read on a UWS page, per message
const REQUEST = ["method", "params", "req_id"];
const ACK = ["method", "result", "success", "error", "time_in", "time_out", "req_id"];
const DATA = ["channel", "type", "data"];
const params = (...names: string[]) => [...REQUEST, ...names.map((n) => `params.${n}`)];
const positionFields = ["data.futures", "data.options"].flatMap((list) => [
  list,
  `${list}[].size`,
  `${list}[].entry_price`,
]);
const pairRules = ["qty_min", "qty_increment", "qty_precision", "price_increment", "price_precision"].map(
  (f) => `data.pairs[].${f}`,
);
const VERIFIED: Record<string, string[]> = {
  subscribeAck: [...ACK, "result.channel", "result.symbol", "result.snapshot", "result.warnings"],
  unsubscribeAck: ACK,
  bookSubscribe: params("channel", "asset_class", "symbol", "depth", "snapshot"),
  bookSnapshot: DATA,
  bookUpdate: DATA,
  tickerSubscribe: params("channel", "asset_class", "symbol", "snapshot"),
  tickerSnapshot: DATA,
  tickerUpdate: DATA,
  tradeSubscribe: params("channel", "asset_class", "symbol", "snapshot"),
  tradeSnapshot: DATA,
  tradeUpdate: DATA,
  instrumentSubscribe: params("channel", "asset_class", "snapshot"),
  instrumentSnapshot: [...DATA, ...pairRules],
  instrumentUpdate: [...DATA, ...pairRules],
  level3Subscribe: params("channel", "symbol", "token"),
  level3Snapshot: DATA,
  level3Update: DATA,
  heartbeat: ["channel"],
  executionsSubscribe: params(
    "channel",
    "asset_class",
    "snap_trades",
    "snap_orders",
    "order_status",
    "ratecounter",
    "token",
  ),
  executionsSnapshot: DATA,
  executionsUpdate: DATA,
  balancesSubscribe: params("channel", "snapshot", "token"),
  balancesSnapshot: DATA,
  balancesUpdate: DATA,
  marginSubscribe: params("channel", "asset_class", "token"),
  marginMultiCollateral: DATA,
  marginSingleCollateral: DATA,
  positionsSubscribe: params("channel", "asset_class", "snapshot", "with_margin", "token"),
  positionsSnapshot: [...DATA, ...positionFields],
  positionsUpdate: [...DATA, ...positionFields],
  ledgersSubscribe: params("channel", "token"),
  ledgersUpdate: [...DATA, "sequence", "data[].asset_class"],
  preferencesSubscribe: params("channel", "token"),
  preferencesSnapshot: ["channel", "type"],
  preferencesUpdate: ["channel", "type"],
  ping: ["method", "req_id"],
  pong: ["method", "req_id", "success", "error", "time_in", "time_out"],
  addOrder: params(
    "asset_class",
    "order_type",
    "limit_price_type",
    "triggers",
    "triggers.reference",
    "triggers.price",
    "conditional",
    "token",
  ),
  addOrderAck: ACK,
  amendOrder: params(
    "asset_class",
    "order_id",
    "cl_ord_id",
    "order_qty",
    "limit_price",
    "post_only",
    "deadline",
    "token",
  ),
  amendOrderAck: [...ACK, "result.amend_id", "result.cl_ord_id"],
  cancelOrder: params("asset_class", "order_id", "cl_ord_id", "order_userref", "token"),
  cancelOrderAck: ACK,
  cancelAll: params("asset_class", "token"),
  cancelAllAck: [...ACK, "result.count", "result.warnings"],
  cancelAllOrdersAfter: params("timeout"),
  cancelAllOrdersAfterAck: ACK,
  batchAdd: params("asset_class", "symbol", "orders", "deadline", "validate", "token"),
  batchAddAck: ACK,
  batchCancel: params("asset_class", "orders", "cl_ord_id", "token"),
  batchCancelAck: [...ACK, "result.count", "result.warnings"],
  setPreference: params(
    "asset_class",
    "token",
    "leverage_mode",
    "leverage_mode.symbol",
    "leverage_mode.max_leverage",
  ),
  setPreferenceAck: ACK,
};
// Unsubscribe shapes were not read (only ledgers' refusal of asset_class): the envelope only.
for (const channel of [...PUBLIC_CHANNELS, ...PRIVATE_CHANNELS]) VERIFIED[`${channel}Unsubscribe`] = REQUEST;
const SOURCE = /^(Spot WS v2|Derivatives WS v1|Unnamed on the UWS page)\b/;

function deref(node: Json): Json {
  return typeof node?.$ref === "string" ? deref(doc.components.schemas[schemaName(node.$ref)]) : node;
}

interface Field {
  path: string;
  own?: string;
  inherited?: string;
}
/** Every field under a schema, following refs: `a.b` for nesting, `[]` for items, `{}` for map values. */
function fieldsOf(node: Json, prefix = "", inherited?: string): Field[] {
  const schema = deref(node);
  const out: Field[] = [];
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) {
    const path = `${prefix}${name}`;
    const own = property["x-unverified"] as string | undefined;
    out.push({ path, own, inherited }, ...fieldsOf(property, `${path}.`, inherited ?? own));
  }
  if (schema.items) out.push(...fieldsOf(schema.items, prefix.replace(/\.$/, "[]."), inherited));
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    out.push(...fieldsOf(schema.additionalProperties, prefix.replace(/\.$/, "{}."), inherited));
  }
  return out;
}

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

describe("UWS request schemas say what Kraken accepts and refuses", () => {
  const token = "t";
  const subscribe = (schema: string, p: Json) => validPayload(schema, { method: "subscribe", params: p });

  it("asset_class is an open enum where required, and refused on ledgers", () => {
    const book = { channel: "book", symbol: ["PF_XBTUSD"] };
    expect(subscribe("BookSubscribeRequest", book)).not.toEqual([]); // required
    expect(subscribe("BookSubscribeRequest", { ...book, asset_class: "derivatives" })).toEqual([]);
    expect(subscribe("BookSubscribeRequest", { ...book, asset_class: "spot" })).toEqual([]);
    expect(subscribe("BookSubscribeRequest", { ...book, asset_class: "options_2028" })).toEqual([]);
    const ledgers = { channel: "ledgers", token };
    expect(subscribe("LedgersSubscribeRequest", ledgers)).toEqual([]);
    expect(subscribe("LedgersSubscribeRequest", { ...ledgers, asset_class: "derivatives" })).not.toEqual([]);
    expect(
      validPayload("LedgersUnsubscribeRequest", {
        method: "unsubscribe",
        params: { ...ledgers, asset_class: "derivatives" },
      }),
    ).not.toEqual([]);
  });

  it("margin refuses snapshot and non-derivatives; positions refuses snapshot with with_margin", () => {
    const margin = { channel: "margin", asset_class: "derivatives", token };
    expect(subscribe("MarginSubscribeRequest", margin)).toEqual([]);
    expect(subscribe("MarginSubscribeRequest", { ...margin, snapshot: true })).not.toEqual([]);
    expect(subscribe("MarginSubscribeRequest", { ...margin, asset_class: "spot" })).not.toEqual([]);
    const positions = { channel: "positions", asset_class: "derivatives", token };
    expect(subscribe("PositionsSubscribeRequest", { ...positions, with_margin: true })).toEqual([]);
    expect(
      subscribe("PositionsSubscribeRequest", { ...positions, with_margin: true, snapshot: false }),
    ).not.toEqual([]);
  });

  it("set_preference needs max_leverage as a number or an explicit null", () => {
    const request = (leverage_mode: Json) => ({
      method: "set_preference",
      params: { asset_class: "derivatives", token, leverage_mode },
    });
    expect(validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD", max_leverage: 5 }))).toEqual(
      [],
    );
    expect(
      validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD", max_leverage: null })),
    ).toEqual([]);
    expect(validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD" }))).not.toEqual([]);
    expect(
      validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD", max_leverage: "5" })),
    ).not.toEqual([]);
  });

  it("batches hold 2 to 15 orders; cancel_order takes one kind of id", () => {
    const order = { order_type: "limit", side: "buy", order_qty: 1, limit_price: 1 };
    const batch = (n: number) => ({
      method: "batch_add",
      params: { asset_class: "derivatives", symbol: "PF_XBTUSD", token, orders: Array(n).fill(order) },
    });
    expect(validPayload("BatchAddRequest", batch(2))).toEqual([]);
    expect(validPayload("BatchAddRequest", batch(1))).not.toEqual([]);
    expect(validPayload("BatchAddRequest", batch(16))).not.toEqual([]);
    const cancel = (ids: Json) => ({
      method: "cancel_order",
      params: { asset_class: "derivatives", token, ...ids },
    });
    expect(validPayload("CancelOrderRequest", cancel({ order_id: ["a"] }))).toEqual([]);
    expect(validPayload("CancelOrderRequest", cancel({ order_id: ["a"], cl_ord_id: ["b"] }))).not.toEqual([]);
    expect(validPayload("CancelOrderRequest", cancel({}))).not.toEqual([]);
  });
});

describe("UWS book and level3 examples carry the checksum of their levels", () => {
  const payload = (message: string) => doc.components.messages[message].examples[0].payload.data[0];
  type Level = [unknown, unknown];
  const book = (side: Json[]): Level[] => side.map((l) => [l.price, l.qty]);
  const orders = (side: Json[]): Level[] => side.map((o) => [o.limit_price, o.order_qty]);

  it("computes Kraken's own illustration (452852100000 → 2099347975)", () => {
    expect(crc32("452852100000")).toBe(2099347975);
    // The wire text counts: the quantity 0.00100000 hashes as 100000, the number 0.001 as 1.
    expect(levelChecksum([["45285.2", "0.00100000"]], [])).toBe(2099347975);
    expect(levelChecksum([[45285.2, 0.001]], [])).not.toBe(2099347975);
  });

  it("book snapshot, and the update applied to it", () => {
    const snap = payload("bookSnapshot");
    expect(levelChecksum(book(snap.asks), book(snap.bids))).toBe(snap.checksum);
    const update = payload("bookUpdate");
    const apply = (levels: Json[], changes: Json[], ascending: boolean) => {
      const byPrice = new Map(levels.map((l) => [l.price, l]));
      for (const c of changes) c.qty === 0 ? byPrice.delete(c.price) : byPrice.set(c.price, c);
      return [...byPrice.values()].sort((a, b) => (ascending ? a.price - b.price : b.price - a.price));
    };
    const asks = apply(snap.asks, update.asks, true);
    const bids = apply(snap.bids, update.bids, false);
    expect(levelChecksum(book(asks), book(bids))).toBe(update.checksum);
  });

  it("level3 snapshot, and the delete applied to it", () => {
    const snap = payload("level3Snapshot");
    expect(levelChecksum(orders(snap.asks), orders(snap.bids))).toBe(snap.checksum);
    const update = payload("level3Update");
    const deleted = new Set(update.asks.map((o: Json) => o.order_id));
    const asks = snap.asks.filter((o: Json) => !deleted.has(o.order_id));
    expect(levelChecksum(orders(asks), orders(snap.bids))).toBe(update.checksum);
  });
});
