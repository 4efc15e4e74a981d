/** Kraken's lenient reading of a JSON argument, against the spec's own BatchOrder schema. */
import { loadSpec } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { coerceJsonScalars } from "../../src/http/json-scalars.js";
import { checkSchema } from "../../src/http/schema-check.js";

const doc = loadSpec("trading") as Record<string, unknown>;
const batch = { $ref: "#/components/schemas/BatchOrder" };
const send = { order: "send", order_tag: "a", orderType: "lmt", symbol: "PF_XBTUSD", side: "buy" };

describe("coerceJsonScalars", () => {
  it("turns decimal strings into numbers and numbers into strings where the schema says so", () => {
    const value = {
      batchOrder: [
        { ...send, order_tag: 7, size: "0.01", limitPrice: "50000.5" },
        { order: "edit", order_id: "x", size: "2" },
        { order: "cancel", cliOrdId: 12 },
      ],
    };
    const out = coerceJsonScalars(doc, batch, value) as { batchOrder: Record<string, unknown>[] };
    expect(out.batchOrder[0]).toMatchObject({ order_tag: "7", size: 0.01, limitPrice: 50000.5 });
    expect(out.batchOrder[1]).toMatchObject({ size: 2 });
    expect(out.batchOrder[2]).toMatchObject({ cliOrdId: "12" });
    expect(checkSchema(doc, batch, out)).toBeUndefined();
    // The input is not modified.
    expect(value.batchOrder[0]!.size).toBe("0.01");
  });

  it("leaves what Kraken would refuse as it is, so the schema check reports it", () => {
    const value = { batchOrder: [{ ...send, size: "ten", order_tag: true }] };
    const out = coerceJsonScalars(doc, batch, value);
    expect(out).toEqual(value);
    expect(checkSchema(doc, batch, out)).toBeDefined();
  });

  it("does not turn a number string into a number where a string is declared", () => {
    const out = coerceJsonScalars(doc, batch, { batchOrder: [{ ...send, symbol: "123", size: 1 }] }) as {
      batchOrder: Record<string, unknown>[];
    };
    expect(out.batchOrder[0]!.symbol).toBe("123");
  });
});
