/**
 * Raw UWS clients for the integration tests, written independently of the mock and of any SDK code:
 * a `ws` client that keeps each frame's exact text, a lossless reading of book levels (price and qty
 * kept as their wire text), the tests' own CRC32 and book replay with truncation, a validator of server
 * messages against the bundled UWS AsyncAPI document, and a tiny token authority.
 */
import { loadSpec } from "@kraken-futures/specs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterEach, beforeEach, vi } from "vitest";
import WebSocket from "ws";
import type { MockExchange } from "../../src/start.js";
import type { UwsTokenAuthority } from "../../src/uws/tokens.js";
import { start } from "./helpers.js";

export type Message = Record<string, unknown>;

/** A UWS connection that keeps every frame, parsed and as text. */
export class UwsClient {
  readonly messages: Message[] = [];
  readonly texts: string[] = [];
  /** Frames that were not a UWS message (not JSON, binary, or neither `channel` nor `method`). */
  readonly malformed: { text: string; binary: boolean }[] = [];
  #reqId = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data, isBinary) => {
      const text = String(data);
      let parsed: unknown;
      try {
        parsed = isBinary ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      // A frame that is not a JSON object with a channel or method (the malformed-frame fault) is kept apart.
      const m = parsed as Message | undefined;
      if (m === undefined || typeof m !== "object" || (m.channel === undefined && m.method === undefined))
        this.malformed.push({ text, binary: isBinary });
      else {
        this.texts.push(text);
        this.messages.push(m);
      }
    });
    socket.on("error", () => {});
  }

  static async open(url: string): Promise<UwsClient> {
    const socket = new WebSocket(url);
    const client = new UwsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return client;
  }

  /** Sends a request with a fresh req_id; returns the req_id. */
  request(method: string, params?: Message): number {
    const req_id = ++this.#reqId + 100;
    this.socket.send(JSON.stringify(params === undefined ? { method, req_id } : { method, params, req_id }));
    return req_id;
  }

  /** Waits for `count` acknowledgements of a req_id and returns them. */
  async acks(reqId: number, count = 1): Promise<Message[]> {
    return vi.waitFor(
      () => {
        const found = this.messages.filter((m) => m.req_id === reqId);
        if (found.length < count) throw new Error(`no ack ${reqId} yet`);
        return found;
      },
      { timeout: 3_000, interval: 5 },
    );
  }

  /** Sends a request and waits for its (first) acknowledgement. */
  async call(method: string, params?: Message): Promise<Message> {
    return (await this.acks(this.request(method, params)))[0]!;
  }

  /** Data messages of a channel (optionally of one type). */
  data(channel: string, type?: string): Message[] {
    return this.messages.filter((m) => m.channel === channel && (type === undefined || m.type === type));
  }

  /** Waits until every frame written before now has arrived (a ping answered on the same stream). */
  async barrier(): Promise<void> {
    await this.call("ping");
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.terminate();
    });
  }
}

// ---------------------------------------------------------------- book: lossless levels, CRC32, replay

/** A level as its wire text. */
export interface TextLevel {
  price: string;
  qty: string;
}

/** A book frame's entries with price and qty kept as their exact number text (not JSON.parse'd). */
export function bookEntriesLossless(
  text: string,
): { bids: TextLevel[]; asks: TextLevel[]; checksum: number; symbol: string }[] {
  const quoted = text.replace(/"(price|qty)":(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, '"$1":"$2"');
  return (JSON.parse(quoted) as { data: never[] }).data;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC32 (IEEE), unsigned, of an ASCII string. */
export function crc32Own(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Kraken's v2 book checksum over a book's top 10 asks then bids, from the levels' wire text. */
export function checksumOf(asks: readonly TextLevel[], bids: readonly TextLevel[]): number {
  const digits = (s: string) => s.replace(".", "").replace(/^0+/, "");
  const part = (ls: readonly TextLevel[]) =>
    ls
      .slice(0, 10)
      .map((l) => digits(l.price) + digits(l.qty))
      .join("");
  return crc32Own(part(asks) + part(bids));
}

/** A client-side book: applies snapshots and updates, truncates to the depth, checks every checksum. */
export class ReplayedBook {
  bids: TextLevel[] = [];
  asks: TextLevel[] = [];
  checked = 0;
  readonly mismatches: number[] = [];

  constructor(readonly depth: number) {}

  apply(frameText: string): void {
    const frame = JSON.parse(frameText) as Message;
    for (const e of bookEntriesLossless(frameText)) {
      if (frame.type === "snapshot") {
        this.bids = [];
        this.asks = [];
      }
      this.bids = this.#merge(this.bids, e.bids, (a, b) => b - a);
      this.asks = this.#merge(this.asks, e.asks, (a, b) => a - b);
      this.checked++;
      if (checksumOf(this.asks, this.bids) !== e.checksum) this.mismatches.push(e.checksum);
    }
  }

  #merge(
    side: TextLevel[],
    changes: readonly TextLevel[],
    order: (a: number, b: number) => number,
  ): TextLevel[] {
    const m = new Map(side.map((l) => [Number(l.price), l]));
    for (const c of changes) {
      if (Number(c.qty) === 0) m.delete(Number(c.price));
      else m.set(Number(c.price), c);
    }
    return [...m.values()].sort((a, b) => order(Number(a.price), Number(b.price))).slice(0, this.depth);
  }
}

// ---------------------------------------------------------------- schemas

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
type Schema = { properties?: Record<string, { const?: string }> };
const doc = loadSpec("uws") as {
  components: { schemas: Record<string, Schema>; messages: Record<string, { payload: { $ref: string } }> };
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "uws", components: { schemas: doc.components.schemas } } as object);

/** Schema of each server message: acks by `method`, data by `channel` and `type`. */
const SCHEMA_OF = new Map<string, string>();
for (const m of Object.values(doc.components.messages)) {
  const name = m.payload.$ref.split("/").pop()!;
  const props = doc.components.schemas[name]?.properties ?? {};
  if (props.success && props.method?.const) SCHEMA_OF.set(`method:${props.method.const}`, name);
  else if (props.channel?.const) SCHEMA_OF.set(`${props.channel.const}:${props.type?.const ?? ""}`, name);
}

/** Every server message the document describes, as `method:<m>` or `<channel>:<type>` keys. */
export const SERVER_MESSAGE_KEYS: readonly string[] = [...SCHEMA_OF.keys()].sort();

/** The schema name of a server message. */
export function schemaKey(m: Message): string {
  return m.method !== undefined ? `method:${m.method}` : `${m.channel}:${m.type ?? ""}`;
}

/** ajv's errors for a server message against its UWS schema (empty when valid). */
export function uwsSchemaErrors(m: Message): string[] {
  const name = SCHEMA_OF.get(schemaKey(m));
  if (!name) return [`no schema for ${schemaKey(m)}`];
  const validate = ajv.getSchema(`uws#/components/schemas/${name}`)!;
  return validate(m) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`);
}

/** Every message a client received that does not validate, with its errors. */
export function invalidMessages(c: UwsClient): { message: Message; errors: string[] }[] {
  return c.messages
    .map((message) => ({ message, errors: uwsSchemaErrors(message) }))
    .filter((x) => x.errors.length > 0);
}

// ---------------------------------------------------------------- tokens

/** A token authority for the tests: known tokens map to an account; holds and releases are counted. */
export class TestTokens implements UwsTokenAuthority {
  readonly tokens = new Map<string, string>([["good-token", "acct-1"]]);
  readonly held = new Map<string, number>();

  validate(token: string): { account: string } | { error: string } {
    const account = this.tokens.get(token);
    return account ? { account } : { error: "EAccount:Invalid token (test authority)" };
  }

  hold(token: string): void {
    this.held.set(token, (this.held.get(token) ?? 0) + 1);
  }

  release(token: string): void {
    this.held.set(token, (this.held.get(token) ?? 0) - 1);
  }
}

// ---------------------------------------------------------------- a mock with a private client per test

/** The token the tests' authority knows. */
export const TEST_TOKEN = "good-token";

/** A mock on a manual clock with a {@link TestTokens} authority, and an open `/v2/private` client. */
export interface UwsTestBed {
  mock: MockExchange;
  tokens: TestTokens;
  client: UwsClient;
}

/** Registers beforeEach/afterEach hooks that start a mock and a private client, and stop both. */
export function useUwsMock(): UwsTestBed {
  const bed = {} as UwsTestBed;
  beforeEach(async () => {
    bed.tokens = new TestTokens();
    ({ mock: bed.mock } = await start({ uws: { tokens: bed.tokens } }));
    bed.client = await UwsClient.open(bed.mock.uwsPrivateUrl);
  });
  afterEach(async () => {
    await bed.client.close();
    await bed.mock.stop();
  });
  return bed;
}

/** add_order params of a limit buy resting 300 below PF_XBTUSD's best bid. */
export function restingBuy(mock: MockExchange, extra: Record<string, unknown> = {}): Record<string, unknown> {
  mock.exchange.sync();
  const bid = mock.exchange.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
  return {
    asset_class: "derivatives",
    order_type: "limit",
    side: "buy",
    order_qty: 0.01,
    symbol: "PF_XBTUSD",
    limit_price: bid - 300,
    token: TEST_TOKEN,
    ...extra,
  };
}

// ---------------------------------------------------------------- level3: replay and L3 checksum

/** An order of a level3 frame, its price and qty as wire text. */
export interface TextOrder {
  order_id: string;
  limit_price: string;
  order_qty: string;
  event?: string;
}

/** A level3 frame's entries with `limit_price`/`order_qty` kept as their exact number text. */
export function level3EntriesLossless(
  text: string,
): { bids: TextOrder[]; asks: TextOrder[]; checksum: number; symbol: string }[] {
  const quoted = text.replace(/"(limit_price|order_qty)":(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, '"$1":"$2"');
  return (JSON.parse(quoted) as { data: never[] }).data;
}

/** A client-side level3 book: applies add / modify / delete, checks every L3 checksum (Kraken's guide). */
export class ReplayedLevel3 {
  readonly bids = new Map<string, TextOrder>();
  readonly asks = new Map<string, TextOrder>();
  checked = 0;
  readonly mismatches: number[] = [];

  apply(frameText: string): void {
    const frame = JSON.parse(frameText) as Message;
    for (const e of level3EntriesLossless(frameText)) {
      if (frame.type === "snapshot") {
        this.bids.clear();
        this.asks.clear();
      }
      for (const [side, list] of [
        [this.bids, e.bids],
        [this.asks, e.asks],
      ] as const) {
        for (const o of list) {
          if (o.event === "delete") side.delete(o.order_id);
          else side.set(o.order_id, o); // add, modify, or a snapshot entry (insertion = queue order)
        }
      }
      this.checked++;
      if (this.checksum() !== e.checksum) this.mismatches.push(e.checksum);
    }
  }

  /** CRC32 over the top 10 ask levels then the top 10 bid levels, each level's orders in queue order. */
  checksum(): number {
    const digits = (s: string) => s.replace(".", "").replace(/^0+/, "");
    const side = (m: Map<string, TextOrder>, ascending: boolean) => {
      const byPrice = new Map<number, TextOrder[]>();
      for (const o of m.values())
        byPrice.set(Number(o.limit_price), [...(byPrice.get(Number(o.limit_price)) ?? []), o]);
      return [...byPrice.entries()]
        .sort(([a], [b]) => (ascending ? a - b : b - a))
        .slice(0, 10)
        .map(([, os]) => os.map((o) => digits(o.limit_price) + digits(o.order_qty)).join(""))
        .join("");
    };
    return crc32Own(side(this.asks, true) + side(this.bids, false));
  }
}
