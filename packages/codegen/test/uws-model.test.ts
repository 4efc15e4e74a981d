import { describe, expect, it } from "vitest";
import type { AsyncApiDocument } from "../src/asyncapi/document.js";
import { paramRules, requestRules, uwsTables } from "../src/uws/model.js";
import { uwsDocument } from "./fixtures/uws-document.js";

describe("uwsTables", () => {
  it("reads subscription channels and methods from x-uws and the operations on each channel", () => {
    expect(uwsTables(uwsDocument)).toEqual({
      channels: {
        ticker: {
          access: "public",
          token: false,
          servers: ["public"],
          subscribe: "TickerSubscribe",
          unsubscribe: "TickerUnsubscribe",
          data: { snapshot: "TickerSnapshot", update: "TickerUpdate" },
        },
      },
      methods: {
        add_order: {
          access: "private",
          token: true,
          servers: ["private"],
          perConnection: 1,
          request: "AddOrder",
          reply: "AddOrderAck",
          replyMethod: "add_order",
        },
      },
    });
  });
  it("throws on a channel without x-uws", () => {
    const document = structuredClone(uwsDocument) as unknown as { channels: Record<string, unknown> };
    document.channels["bare"] = { servers: [] };
    expect(() => uwsTables(document as unknown as AsyncApiDocument)).toThrow(/channel bare has no x-uws/);
  });
});

describe("paramRules", () => {
  it("states types (anyOf unions), enums, defaults, bounds, nested objects and items, groups and ids", () => {
    const params = uwsDocument.components.schemas["AddOrder"]!.properties!["params"]!;
    expect(paramRules(uwsDocument, params)).toEqual({
      required: ["side"],
      fields: {
        side: { type: ["string"], enum: ["buy", "sell"] },
        qty: { type: ["number", "string"] },
        post_only: { type: ["boolean"], default: false },
        triggers: { type: ["object"], object: { required: [], fields: { price: { type: ["number"] } } } },
        legs: { type: ["array"], maxItems: 2, items: { required: [], fields: { id: { type: ["string"] } } } },
      },
      oneOf: [[["qty"], ["cash_qty"]]],
      ids: { max: 3 },
    });
  });
  it("follows refs to item types, and gives every request its rules", () => {
    const rules = requestRules(uwsDocument, uwsTables(uwsDocument));
    expect(rules.subscribe["ticker"]).toEqual({
      required: ["symbol"],
      fields: { symbol: { type: ["array"], minItems: 1, itemType: "string" } },
    });
    expect(Object.keys(rules.methods)).toEqual(["add_order"]);
  });
});
