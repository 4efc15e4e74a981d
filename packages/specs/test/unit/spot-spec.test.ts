// The bundled Spot subset: every example validates (the suite shared with History and Charts), the
// operations the Unified WebSocket needs are all there with Spot's own security and counter costs, the
// error envelope tells failures from successes, and the signing recipe in the document is right.
import { createHash, createHmac } from "node:crypto";
import { loadSpec, manifest } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { exampleSuite, type Json } from "../examples.js";
import { documentValidator } from "../validator.js";

exampleSuite("spot");

const doc = loadSpec("spot") as Json;
const validator = documentValidator(doc, "https://spec.local/spot.json");
const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Kept here, not derived from the document: what the UWS needs from Spot REST, and each call's counter cost. */
const EXPECTED = {
  "/private/GetWebSocketsToken": { operationId: "getWebSocketsToken", cost: 1 },
  "/private/Ledgers": { operationId: "getLedgers", cost: 2 },
  "/private/QueryLedgers": { operationId: "queryLedgers", cost: 2 },
  "/private/TradeVolume": { operationId: "getTradeVolume", cost: 1 },
};

describe("spot.openapi.json", () => {
  it("is bundled and listed in the manifest", () => {
    expect(manifest.spot).toMatchObject({
      kind: "openapi",
      json: "spot.openapi.json",
      yaml: "spot.openapi.yaml",
    });
    expect(doc.servers[0].url).toBe("https://api.kraken.com/0");
  });

  it("has exactly the four operations, each a signed POST with the documented counter cost", () => {
    const found = Object.fromEntries(
      Object.entries(doc.paths as Json).map(([path, item]) => [
        path,
        { operationId: item.post?.operationId, cost: item.post?.["x-rate-limit"]?.cost },
      ]),
    );
    expect(found).toEqual(EXPECTED);
    for (const item of Object.values(doc.paths as Json)) {
      expect(Object.keys(item)).toEqual(["post"]);
      expect(item.post.security).toEqual([{ "API-Key": [], "API-Sign": [] }]);
      expect(item.post["x-rate-limit"].pool).toBe("spot");
      expect(item.post["x-retry-safe"]).toBe(true);
      expect(item.post.requestBody.required).toBe(true);
    }
  });

  it("models the call counter as the Starter tier's bucket, with every tier listed", () => {
    const pool = doc["x-rate-limit-pools"].spot;
    expect(pool).toMatchObject({ capacity: 15, refillAmount: 1, refillIntervalMs: 3000 });
    // The pool itself is the Starter tier's bucket.
    const { capacity, refillAmount, refillIntervalMs } = pool["x-tiers"].starter;
    expect({ capacity, refillAmount, refillIntervalMs }).toEqual({
      capacity: pool.capacity,
      refillAmount: pool.refillAmount,
      refillIntervalMs: pool.refillIntervalMs,
    });
    expect(pool["x-tiers"]).toEqual({
      starter: { capacity: 15, decayPerSecond: 0.33, refillAmount: 1, refillIntervalMs: 3000 },
      intermediate: { capacity: 20, decayPerSecond: 0.5, refillAmount: 1, refillIntervalMs: 2000 },
      pro: { capacity: 20, decayPerSecond: 1, refillAmount: 1, refillIntervalMs: 1000 },
    });
  });

  it("every request body requires the nonce, and the nonce is an unsigned 64-bit integer", () => {
    for (const item of Object.values(doc.paths as Json)) {
      for (const media of Object.values(item.post.requestBody.content as Json)) {
        const body = doc.components.schemas[(media.schema.$ref as string).split("/").pop()!];
        expect(body.required).toContain("nonce");
      }
    }
    expect(validator.validate(schema("Nonce"), "18446744073709551615")).toEqual([]);
    expect(validator.validate(schema("Nonce"), "1764650400000000")).toEqual([]);
    // The 2^64 bound itself is beyond a pattern; the signer (@kraken-futures/auth) enforces it.
    for (const bad of ["184467440737095516150" /* 21 digits */, "-1", "01", "1e3", "", 5]) {
      expect(validator.validate(schema("Nonce"), bad)).not.toEqual([]);
    }
  });

  it("the error envelope: an E… string is a failure, W… warnings ride on a success", () => {
    const success = { oneOf: [schema("GetWebSocketsTokenResponse"), schema("SpotErrorResponse")] };
    const token = { token: "abc", expires: 900 };
    // Exactly one branch matches each of these, or oneOf refuses it.
    expect(validator.validate(success, { error: [], result: token })).toEqual([]);
    expect(validator.validate(success, { error: ["WGeneral:Deprecated"], result: token })).toEqual([]);
    expect(validator.validate(success, { error: ["EAPI:Invalid nonce"] })).toEqual([]);
    expect(validator.validate(success, { error: ["EAPI:Invalid key"], result: {} })).toEqual([]);
    expect(
      validator.validate(schema("SpotErrorResponse"), { error: ["EAPI:Invalid key"], result: {} }),
    ).toEqual([]);
    expect(
      validator.validate(schema("GetWebSocketsTokenResponse"), {
        error: ["EAPI:Invalid key"],
        result: token,
      }),
    ).not.toEqual([]);
    expect(validator.validate(schema("SpotErrorResponse"), { error: [] })).not.toEqual([]);
    expect(validator.validate(schema("SpotErrorResponse"), { error: ["WGeneral:Deprecated"] })).not.toEqual(
      [],
    );
  });

  it("keeps Spot decimals as strings and refuses numbers for them", () => {
    expect(validator.validate(schema("SpotDecimal"), "3015012348193.4134")).toEqual([]);
    expect(validator.validate(schema("SpotDecimal"), "-24.5000")).toEqual([]);
    expect(validator.validate(schema("SpotDecimal"), 24.5)).not.toEqual([]);
    expect(doc.components.schemas.SpotDecimal["x-numeric"]).toBeUndefined();
  });

  it("the API-Sign recipe in the document reproduces the vector it quotes", () => {
    const text = doc.components.securitySchemes["API-Sign"].description as string;
    const quoted = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const secret = quoted.find((q) => q.startsWith("kQH5"))!;
    const body = quoted.find((q) => q.startsWith("nonce="))!;
    const nonce = quoted.find((q) => /^\d+$/.test(q))!;
    const path = quoted.find((q) => q.startsWith("/0/private/AddOrder"))!;
    const sign = quoted.find((q) => q.startsWith("4/dpxb3iT"))!;
    const inner = createHash("sha256")
      .update(nonce + body)
      .digest();
    const mac = createHmac("sha512", Buffer.from(secret, "base64"))
      .update(Buffer.concat([Buffer.from(path), inner]))
      .digest("base64");
    expect(mac).toBe(sign);
  });

  it("marks what was not read on a docs.kraken.com page", () => {
    const marked = JSON.stringify(doc).match(/"x-unverified"/g) ?? [];
    expect(marked.length).toBeGreaterThanOrEqual(6);
    for (const name of ["GetLedgersRequest", "QueryLedgersRequest", "LedgerEntry", "FeeTierInfo"]) {
      expect(doc.components.schemas[name]["x-unverified"]).toMatch(/krakenfx\/api-specs/);
    }
  });
});
