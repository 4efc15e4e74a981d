import { describe, expect, it } from "vitest";
import type { AsyncApiDocument } from "../src/asyncapi/document.js";
import { operationFacts } from "../src/asyncapi/facts.js";
import { discriminatorOf, feedsOf, numericPlan, wsModel } from "../src/asyncapi/ws-model.js";
import { wsDocument } from "./fixtures/ws-document.js";

const edit = (change: (d: { components: { messages: Record<string, Record<string, unknown>> } }) => void) => {
  const copy = structuredClone(wsDocument);
  change(copy as never);
  return copy as AsyncApiDocument;
};

describe("discriminatorOf", () => {
  it("prefers feed over event, and throws when a payload has neither as a const", () => {
    const { schemas } = wsDocument.components;
    expect(discriminatorOf(schemas, "Book")).toEqual(["feed", "book"]);
    expect(discriminatorOf(schemas, "Subscribed")).toEqual(["event", "subscribed"]);
    expect(() => discriminatorOf(schemas, "Level")).toThrow(/no const feed or event/);
  });
});

describe("numericPlan", () => {
  it("marks Numeric values through refs, array items and map values", () => {
    const { schemas } = wsDocument.components;
    expect(numericPlan(wsDocument, schemas["BookSnapshot"])).toEqual({ bids: { "[]": { price: true } } });
    expect(numericPlan(wsDocument, schemas["Fills"])).toEqual({ fees: { "*": true } });
    expect(numericPlan(wsDocument, schemas["Subscribed"])).toBeUndefined();
  });
  it("stops at a schema that refers to itself", () => {
    const document = structuredClone(wsDocument) as unknown as {
      components: { schemas: Record<string, unknown> };
    };
    document.components.schemas["Tree"] = {
      type: "object",
      properties: { child: { $ref: "#/components/schemas/Tree" } },
    };
    expect(
      numericPlan(document as unknown as AsyncApiDocument, { $ref: "#/components/schemas/Tree" }),
    ).toBeUndefined();
  });
});

describe("feedsOf", () => {
  it("reads access from security, product ids, and the snapshot and update names", () => {
    expect(feedsOf(wsDocument.components.schemas, operationFacts(wsDocument))).toEqual([
      {
        name: "book",
        access: "public",
        productIds: "required",
        snapshot: "book_snapshot",
        update: "book",
        messages: ["BookSnapshot", "Book"],
      },
      {
        name: "fills",
        access: "private",
        productIds: "none",
        snapshot: null,
        update: "fills",
        messages: ["Fills"],
      },
    ]);
  });
  it("throws on a message of another feed and on a feed without an update", () => {
    const wrongFeed = edit((d) => {
      d.components.messages["book"]!["x-feed"] = "fills";
    });
    expect(() => feedsOf(wrongFeed.components.schemas, operationFacts(wrongFeed))).toThrow(
      /message book is not of feed book/,
    );
    const noUpdate = edit((d) => {
      d.components.messages["fills"]!["x-role"] = "snapshot";
    });
    expect(() => feedsOf(noUpdate.components.schemas, operationFacts(noUpdate))).toThrow(
      /feed fills has no update message/,
    );
  });
});

describe("wsModel", () => {
  it("splits payloads by sender and key, and builds both Numeric tables", () => {
    const model = wsModel(wsDocument);
    expect(model.clientPayloads).toEqual(["Subscribe"]);
    expect(model.events).toEqual(["Subscribed"]);
    expect(model.feedPayloads).toEqual(["BookSnapshot", "Book", "Fills"]);
    expect(model.numericFields).toEqual({
      book_snapshot: { bids: { "[]": { price: true } } },
      book: { qty: true },
      fills: { fees: { "*": true } },
    });
    expect(model.numericNames).toEqual({
      keys: ["price", "qty"],
      maps: ["fees"],
      messages: ["book_snapshot", "book", "fills"],
      depth: 3,
    });
  });
});
