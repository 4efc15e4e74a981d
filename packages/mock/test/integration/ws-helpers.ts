/**
 * A raw `ws` client for the WebSocket integration tests, a challenge signer written independently of
 * `@kraken-futures/auth` (node:crypto, from the recipe in the AsyncAPI document), and a validator of
 * server messages against the bundled AsyncAPI document's schemas.
 */
import { createHash, createHmac } from "node:crypto";
import { loadSpec } from "@kraken-futures/specs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterEach, beforeEach, vi } from "vitest";
import WebSocket from "ws";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange, MockExchangeOptions } from "../../src/start.js";
import { start } from "./helpers.js";

export type Message = Record<string, unknown>;

/** signed = base64(HMAC-SHA-512(base64decode(secret), SHA-256(challenge))). */
export function signChallengeIndependently(challenge: string, secret: string): string {
  const digest = createHash("sha256").update(challenge).digest();
  return createHmac("sha512", Buffer.from(secret, "base64")).update(digest).digest("base64");
}

/** A connection that keeps every frame it receives. */
export class RawClient {
  /** Parsed JSON frames, in order. */
  readonly messages: Message[] = [];
  /** Frames that did not parse as JSON (text or bytes). */
  readonly unparsed: (string | Buffer)[] = [];
  closeCode: number | undefined;
  pongs = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data, isBinary) => {
      const buf = data as Buffer;
      try {
        this.messages.push(JSON.parse(isBinary ? buf.toString("utf8") : String(buf)) as Message);
      } catch {
        this.unparsed.push(isBinary ? buf : String(buf));
      }
    });
    socket.on("close", (code) => {
      this.closeCode = code;
    });
    socket.on("pong", () => this.pongs++);
    socket.on("error", () => {});
  }

  static async open(url: string): Promise<RawClient> {
    const socket = new WebSocket(url);
    const client = new RawClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return client;
  }

  send(request: Message | string): void {
    this.socket.send(typeof request === "string" ? request : JSON.stringify(request));
  }

  /** Waits until a received message satisfies `match`; returns the first that does. */
  async waitFor(match: (m: Message) => boolean, what = "a message"): Promise<Message> {
    return vi.waitFor(
      () => {
        const found = this.messages.find(match);
        if (!found) throw new Error(`no ${what} yet; got ${this.messages.map(key).join(", ")}`);
        return found;
      },
      { timeout: 3_000, interval: 5 },
    );
  }

  /** Messages whose `event` or `feed` is `k`. */
  of(k: string): Message[] {
    return this.messages.filter((m) => key(m) === k);
  }

  /**
   * Waits until every frame the server wrote before now has arrived: a protocol ping's pong comes back
   * on the same ordered stream, after them. (Not usable while the connection is silenced.)
   */
  async barrier(): Promise<void> {
    const target = this.pongs + 1;
    this.socket.ping();
    await vi.waitFor(
      () => {
        if (this.pongs < target) throw new Error("no pong yet");
      },
      { timeout: 3_000, interval: 2 },
    );
  }

  /** Requests a challenge and returns it. */
  async challenge(apiKey: string): Promise<string> {
    const before = this.of("challenge").length;
    this.send({ event: "challenge", api_key: apiKey });
    await vi.waitFor(() => {
      if (this.of("challenge").length <= before) throw new Error("no challenge yet");
    });
    return this.of("challenge")[before]!.message as string;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.terminate();
    });
  }
}

/** A mock exchange on a manual clock per test, and raw clients that are closed after it. */
export interface WsTestBed {
  mock: MockExchange;
  clock: ManualClock;
  /** The clients this test opened. */
  readonly clients: readonly RawClient[];
  /** Opens a raw client on the mock's `wsUrl`, closed after the test. */
  connect(): Promise<RawClient>;
}

/** Registers beforeEach/afterEach hooks that start and stop a mock (and close every client). */
export function useWsMock(options: MockExchangeOptions = {}): WsTestBed {
  const clients: RawClient[] = [];
  const bed = {
    clients,
    async connect() {
      const c = await RawClient.open(bed.mock.wsUrl);
      clients.push(c);
      return c;
    },
  } as unknown as WsTestBed;
  beforeEach(async () => {
    ({ mock: bed.mock, clock: bed.clock } = await start(options));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await bed.mock.stop();
  });
  return bed;
}

/** `event` if present, else `feed`: how the AsyncAPI document tells messages apart. */
export function key(m: Message): string {
  return String(m.event ?? m.feed);
}

/**
 * Gives frames time to arrive. Only for asserting that something did *not* arrive (where no barrier
 * is possible); use {@link RawClient.barrier} to wait for what did.
 */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 30));

// ---------------------------------------------------------------- schemas

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const doc = loadSpec("ws") as {
  components: {
    schemas: Record<string, { properties?: Record<string, { const?: string }> }>;
    messages: Record<string, { payload: { $ref: string } }>;
  };
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "ws", components: { schemas: doc.components.schemas } } as object);

/** Schema name of each server message, by the `event` or `feed` constant of its payload schema. */
export const SCHEMA_OF = new Map<string, string>();
for (const m of Object.values(doc.components.messages)) {
  const name = m.payload.$ref.split("/").pop()!;
  const props = doc.components.schemas[name]?.properties ?? {};
  const k = props.event?.const ?? props.feed?.const;
  if (k && !SCHEMA_OF.has(k)) SCHEMA_OF.set(k, name);
}
// `challenge` is both a request and a server message; the server sends ChallengeMessage.
SCHEMA_OF.set("challenge", "ChallengeMessage");

/** ajv's errors for a server message against its AsyncAPI schema (empty when valid). */
export function schemaErrors(m: Message): string[] {
  const name = SCHEMA_OF.get(key(m));
  if (!name) return [`no schema for ${key(m)}`];
  const validate = ajv.getSchema(`ws#/components/schemas/${name}`);
  if (!validate) return [`no compiled schema ${name}`];
  return validate(m) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`);
}

/** Applies book_snapshot and book messages of one product, checking that seq is contiguous. */
export function replayBook(messages: readonly Message[], productId: string) {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let seq: number | undefined;
  const gaps: number[] = [];
  for (const m of messages) {
    if (m.product_id !== productId) continue;
    if (m.feed === "book_snapshot") {
      bids.clear();
      asks.clear();
      for (const l of m.bids as { price: number; qty: number }[]) bids.set(l.price, l.qty);
      for (const l of m.asks as { price: number; qty: number }[]) asks.set(l.price, l.qty);
      seq = m.seq as number;
    } else if (m.feed === "book" && seq !== undefined) {
      if (m.seq !== seq + 1) gaps.push(m.seq as number);
      seq = m.seq as number;
      const side = m.side === "buy" ? bids : asks;
      if (m.qty === 0) side.delete(m.price as number);
      else side.set(m.price as number, m.qty as number);
    }
  }
  return {
    seq,
    gaps,
    bids: [...bids].sort((a, b) => b[0] - a[0]),
    asks: [...asks].sort((a, b) => a[0] - b[0]),
  };
}
