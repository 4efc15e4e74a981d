/**
 * Fuzz: thousands of random and mutated UWS frames through the decoder and the book view. The only
 * error that may escape is UwsDecodeError; the decoder accepts exactly the JSON that JSON.parse
 * accepts and agrees with it on every value but book levels (which gain their texts); a book frame
 * decodes the same in Kraken's layout (fast path) and in any other (complete parser); and the view's
 * book and resync bookkeeping stay bounded however many frames arrive.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bookChecksum } from "../../src/book/checksum.js";
import { type BookEvent, type UwsBookEntry, UwsBookView } from "../../src/book/view.js";
import { decodeUwsFrame, UwsDecodeError, type UwsLevel } from "../../src/decode.js";

/** Thousands of frames take seconds on a loaded 2-core machine: a generous bound, not a timing claim. */
const FUZZ_TIMEOUT_MS = 120_000;

/** A decimal as Kraken may write it: integer digits, an optional fraction with trailing zeros kept. */
const decimalText = fc
  .tuple(
    fc.integer({ min: 0, max: 200_000 }),
    fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }),
  )
  .map(([int, frac]) => (frac === undefined ? String(int) : `${int}.${frac}`));

const level = fc.record({ price: decimalText, qty: fc.oneof(decimalText, fc.constant("0")) });
type Raw = { price: string; qty: string };

/** A book frame in Kraken's layout, written with the exact texts (as the mock and Kraken do). */
function krakenFrame(type: string, symbol: string, bids: Raw[], asks: Raw[], checksum?: number): string {
  const side = (ls: Raw[]) => `[${ls.map((l) => `{"price":${l.price},"qty":${l.qty}}`).join(",")}]`;
  const sum = checksum === undefined ? "" : `,"checksum":${checksum}`;
  return `{"channel":"book","type":"${type}","data":[{"symbol":"${symbol}","bids":${side(bids)},"asks":${side(asks)}${sum},"timestamp":"2026-12-02T10:00:00.000000Z"}]}`;
}

/** The same frame in another layout: keys reversed, spaces everywhere. */
function otherLayout(type: string, symbol: string, bids: Raw[], asks: Raw[], checksum?: number): string {
  const side = (ls: Raw[]) =>
    `[ ${ls.map((l) => `{ "qty" : ${l.qty} , "price" : ${l.price} }`).join(" , ")} ]`;
  const sum = checksum === undefined ? "" : `"checksum" : ${checksum} ,`;
  return `{ "data" : [ { "timestamp" : "2026-12-02T10:00:00.000000Z" , ${sum} "asks" : ${side(asks)} , "bids" : ${side(bids)} , "symbol" : "${symbol}" } ] , "type" : "${type}" , "channel" : "book" }\n`;
}

const frameArgs = fc.tuple(
  fc.constantFrom("snapshot", "update"),
  fc.constantFrom("PF_XBTUSD", "PF_ETHUSD"),
  fc.array(level, { maxLength: 30 }),
  fc.array(level, { maxLength: 30 }),
  fc.option(fc.nat({ max: 0xffffffff }), { nil: undefined }),
);

/** One edit of a frame's text: flip, insert, delete or truncate at a position. */
const mutation = fc.tuple(
  fc.constantFrom("replace", "insert", "delete", "truncate"),
  fc.nat(),
  fc.constantFrom(...'{}[]":,.-+eE0123456789 \\\u0001xnt'.split("")),
);

function mutate(text: string, edits: [string, number, string][]): string {
  let t = text;
  for (const [kind, at, ch] of edits) {
    const i = t.length === 0 ? 0 : at % t.length;
    if (kind === "replace") t = t.slice(0, i) + ch + t.slice(i + 1);
    else if (kind === "insert") t = t.slice(0, i) + ch + t.slice(i);
    else if (kind === "delete") t = t.slice(0, i) + t.slice(i + 1);
    else t = t.slice(0, i);
  }
  return t;
}

/** Decodes `text`: the value, or "error" for UwsDecodeError; anything else thrown fails the test. */
function decodeOrError(text: string): Record<string, unknown> | "error" {
  try {
    return decodeUwsFrame(text);
  } catch (error) {
    if (error instanceof UwsDecodeError) return "error";
    throw error;
  }
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** JSON.parse's reading of a book frame, with a missing side as [] (as the decoder documents). */
function parsedBook(text: string): unknown {
  const value = JSON.parse(text) as { channel?: unknown; data?: unknown };
  if (value?.channel === "book" && Array.isArray(value.data)) {
    for (const e of value.data as Record<string, unknown>[]) {
      e.bids ??= [];
      e.asks ??= [];
    }
  }
  return value;
}

/** Book levels with their texts dropped: what JSON.parse makes of them. */
function withoutTexts(value: unknown): unknown {
  // By hand, not through JSON.stringify, which would turn an Infinity (1e999 in a non-book frame) into null.
  if (Array.isArray(value)) return value.map(withoutTexts);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== "priceText" && k !== "qtyText" && v !== undefined) out[k] = withoutTexts(v);
  }
  return out;
}

/** A view fed by everything, with its events counted and the bounds checked after each frame. */
function feeder(depth: 10 | 25) {
  const counts: Record<string, number> = {};
  let resubscribes = 0;
  let maxFailedResyncs = 0;
  const view = new UwsBookView({ symbol: "PF_XBTUSD", depth, resubscribe: () => resubscribes++ });
  for (const name of ["synced", "mismatch", "resync", "failed", "update"] as const) {
    view.on(name, (e: BookEvent) => {
      counts[name] = (counts[name] ?? 0) + 1;
      if (e.type === "failed") maxFailedResyncs = Math.max(maxFailedResyncs, e.resyncs);
    });
  }
  return {
    view,
    counts,
    resubscribes: () => resubscribes,
    maxFailedResyncs: () => maxFailedResyncs,
    feed(decoded: Record<string, unknown> | "error") {
      if (decoded === "error" || decoded.channel !== "book" || !Array.isArray(decoded.data)) return;
      const type = decoded.type === "snapshot" ? "snapshot" : "update";
      for (const entry of decoded.data as (UwsBookEntry & { symbol: unknown })[]) {
        if (entry.symbol === "PF_XBTUSD") view.apply(entry, type);
      }
      expect(view.bids().length).toBeLessThanOrEqual(depth);
      expect(view.asks().length).toBeLessThanOrEqual(depth);
    },
  };
}

describe("fuzz: the decoder", () => {
  it(
    "agrees with JSON.parse on what is JSON, and throws only UwsDecodeError, on random JSON",
    () => {
      fc.assert(
        fc.property(fc.json({ maxDepth: 6 }), (text) => {
          const decoded = decodeOrError(text);
          const parsed = JSON.parse(text) as unknown;
          const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
          if (!isObject) expect(decoded).toBe("error");
          else if ((parsed as { channel?: unknown }).channel !== "book") expect(decoded).toEqual(parsed);
        }),
        { numRuns: 3_000 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes a book frame the same in Kraken's layout and in any other, exact texts kept",
    () => {
      fc.assert(
        fc.property(frameArgs, ([type, symbol, bids, asks, checksum]) => {
          const fast = decodeUwsFrame(krakenFrame(type, symbol, bids, asks, checksum));
          const other = decodeUwsFrame(otherLayout(type, symbol, bids, asks, checksum));
          expect(withoutTexts(other)).toEqual(withoutTexts(fast));
          const entry = (fast.data as { bids: UwsLevel[]; asks: UwsLevel[] }[])[0]!;
          expect(entry.bids.map((l) => l.priceText)).toEqual(bids.map((l) => l.price));
          expect(entry.asks.map((l) => l.qtyText)).toEqual(asks.map((l) => l.qty));
          expect((other.data as { bids: UwsLevel[] }[])[0]!.bids).toEqual(entry.bids);
          expect(
            entry.bids.every((l) => l.price === Number(l.priceText) && l.qty === Number(l.qtyText)),
          ).toBe(true);
        }),
        { numRuns: 1_000 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "on mutated book frames: UwsDecodeError or a value, never accepting what JSON.parse rejects",
    () => {
      fc.assert(
        fc.property(
          frameArgs,
          fc.boolean(),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          ([type, symbol, bids, asks, checksum], kraken, edits) => {
            const text = mutate(
              (kraken ? krakenFrame : otherLayout)(type, symbol, bids, asks, checksum),
              edits,
            );
            const decoded = decodeOrError(text);
            if (!parses(text)) expect(decoded).toBe("error");
            else if (decoded !== "error") expect(withoutTexts(decoded)).toEqual(parsedBook(text));
          },
        ),
        { numRuns: 3_000 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("fuzz: decoder and view together", () => {
  it(
    "takes thousands of random and mutated frames with only handled outcomes, and stays bounded",
    () => {
      const sink = feeder(10);
      fc.assert(
        fc.property(
          frameArgs,
          fc.boolean(),
          fc.array(mutation, { maxLength: 3 }),
          ([type, , bids, asks, checksum], correct, edits) => {
            // Half of the frames carry the true checksum of the book they would produce, when it is easy
            // to know (a snapshot); the rest a random one or none.
            let sum = checksum;
            if (correct && type === "snapshot") {
              const v = new UwsBookView({ symbol: "x", depth: 10, resubscribe: () => {} });
              const lv = (l: Raw): UwsLevel => ({
                price: +l.price,
                qty: +l.qty,
                priceText: l.price,
                qtyText: l.qty,
              });
              v.apply({ bids: bids.map(lv), asks: asks.map(lv) }, "snapshot");
              sum = bookChecksum(v.asks(), v.bids());
            }
            sink.feed(decodeOrError(mutate(krakenFrame(type, "PF_XBTUSD", bids, asks, sum), edits)));
          },
        ),
        { numRuns: 5_000 },
      );
      expect(sink.counts.synced ?? 0).toBeGreaterThan(100);
      expect(sink.counts.mismatch ?? 0).toBeGreaterThan(100);
      // The resync limit holds: never more than the default 5 resyncs counted per window.
      expect(sink.maxFailedResyncs()).toBeLessThanOrEqual(5);
      expect(sink.resubscribes()).toBe(sink.counts.resync ?? 0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "keeps a book of a long verified stream within its depth (no growth however long it runs)",
    () => {
      const sink = feeder(25);
      const frames: string[] = [];
      fc.assert(
        fc.property(fc.array(level, { minLength: 1, maxLength: 3 }), fc.boolean(), (levels, bid) => {
          frames.push(krakenFrame("update", "PF_XBTUSD", bid ? levels : [], bid ? [] : levels));
        }),
        { numRuns: 5_000 },
      );
      sink.feed(decodeOrError(krakenFrame("snapshot", "PF_XBTUSD", [], [])));
      for (const f of frames) sink.feed(decodeOrError(f));
      expect(sink.view.synced).toBe(true);
      expect(sink.view.bids().length).toBeLessThanOrEqual(25);
      expect(sink.view.asks().length).toBeLessThanOrEqual(25);
    },
    FUZZ_TIMEOUT_MS,
  );
});
