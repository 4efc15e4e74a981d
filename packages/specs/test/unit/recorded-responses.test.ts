// Responses in the shapes third parties recorded from the live exchange must validate: a field the
// server omits (serverTime on several endpoints) cannot be required. Fixture: test/fixtures/recorded.
import { readFileSync } from "node:fs";
import { loadSpec } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { documentValidator } from "../validator.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks parsed JSON of any shape
type Json = Record<string, any>;

const doc = loadSpec("trading") as Json;
const validator = documentValidator(doc);
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/recorded/without-server-time.json", import.meta.url), "utf8"),
) as { responses: Array<{ operationId: string; body: Json }> };

function successSchemaOf(operationId: string): unknown {
  for (const item of Object.values(doc.paths as Json)) {
    for (const op of Object.values(item as Json)) {
      if ((op as Json)?.operationId === operationId)
        return (op as Json).responses["200"].content["application/json"].schema;
    }
  }
  throw new Error(`${operationId} is not in the spec`);
}

describe("recorded responses without serverTime", () => {
  it("covers the six endpoints third parties recorded without it", () => {
    expect(fixture.responses.map((r) => r.operationId).sort()).toEqual(
      [
        "getHistoricalFundingRates",
        "getInstruments",
        "getOpenOrders",
        "getOpenPositions",
        "getTradeHistory",
        "sendOrder",
      ].sort(),
    );
    for (const r of fixture.responses) expect(r.body).not.toHaveProperty("serverTime");
  });

  it.each(fixture.responses.map((r) => [r.operationId, r.body] as const))("%s validates", (id, body) => {
    expect(validator.validate(successSchemaOf(id), body)).toEqual([]);
  });

  it("no success or error envelope of the Trading API requires serverTime", () => {
    const requiring = Object.entries(doc.components.schemas as Json)
      .filter(([, s]) => Array.isArray((s as Json).required) && (s as Json).required.includes("serverTime"))
      .map(([name]) => name);
    expect(requiring).toEqual([]);
  });

  it("an error body without serverTime is still an error envelope", () => {
    const schema = successSchemaOf("getOpenPositions");
    expect(validator.validate(schema, { result: "error", error: "apiLimitExceeded" })).toEqual([]);
  });

  it("(control) a body without result is refused: the envelope's discriminator stays required", () => {
    const body = { ...fixture.responses[0]!.body };
    delete body.result;
    expect(validator.validate(successSchemaOf(fixture.responses[0]!.operationId), body)).not.toEqual([]);
  });
});
