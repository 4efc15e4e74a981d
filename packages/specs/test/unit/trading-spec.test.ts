// The bundled Trading document against the seed: every operation, parameter and real example.
import { readFileSync } from "node:fs";
import { loadSpec, manifest, specPaths } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { realResponseExamples, seedOperations } from "../seed.js";
import { documentValidator } from "../validator.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks parsed JSON of any shape
type Json = Record<string, any>;

const doc = loadSpec("trading") as Json;
const validator = documentValidator(doc);
const METHODS = ["get", "post", "put", "delete"] as const;

function operation(method: string, path: string): Json {
  return doc.paths?.[path]?.[method.toLowerCase()];
}

function successSchema(op: Json): unknown {
  return op.responses?.["200"]?.content?.["application/json"]?.schema;
}

function allOperations(): Array<{ method: string; path: string; op: Json }> {
  const out: Array<{ method: string; path: string; op: Json }> = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const m of METHODS) if (item[m]) out.push({ method: m.toUpperCase(), path, op: item[m] });
  }
  return out;
}

describe("bundled trading.openapi.json", () => {
  it("is stamped with its content hash and package version", () => {
    const onDisk = JSON.parse(readFileSync(specPaths("trading").json, "utf8"));
    expect(onDisk.info["x-content-hash"]).toMatch(/^[0-9a-f]{16}$/);
    expect(onDisk.info["x-content-hash"]).toBe(manifest.trading?.hash);
    expect(onDisk.info["x-spec-package-version"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(JSON.stringify(onDisk)).not.toContain('"$ref":"./'); // self-contained: no file refs left
  });

  it("has every one of the seed's 33 operations", () => {
    const seed = seedOperations();
    expect(seed).toHaveLength(33);
    const missing = seed.filter((s) => !operation(s.method, s.path)).map((s) => `${s.method} ${s.path}`);
    expect(missing).toEqual([]);
    expect(allOperations()).toHaveLength(33);
  });

  it("has the seed's 57 parameters with their location and required flag", () => {
    const seed = seedOperations();
    const seedParams = seed.flatMap((s) => s.parameters.map((p) => ({ ...p, op: `${s.method} ${s.path}` })));
    expect(seedParams).toHaveLength(57);
    const mismatches: string[] = [];
    for (const p of seedParams) {
      const [method, path] = p.op.split(" ") as [string, string];
      const params: Json[] = [
        ...(doc.paths[path].parameters ?? []),
        ...(operation(method, path)?.parameters ?? []),
      ];
      const found = params.find((q) => q.name === p.name);
      if (!found) mismatches.push(`${p.op}: ${p.name} missing`);
      else if (found.in !== p.in || Boolean(found.required) !== p.required) {
        mismatches.push(`${p.op}: ${p.name} is ${found.in}/${found.required}, seed ${p.in}/${p.required}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("declares security on every operation, empty exactly for the seed's public ones", () => {
    for (const s of seedOperations()) {
      const op = operation(s.method, s.path)!;
      expect(Array.isArray(op.security), `${s.method} ${s.path}`).toBe(true);
      expect(op.security.length > 0, `${s.method} ${s.path} signed`).toBe(s.auth);
    }
  });

  it("carries the rate-limit cost, pool and retry safety of every operation", () => {
    for (const { method, path, op } of allOperations()) {
      const rl = op["x-rate-limit"];
      expect(typeof rl?.cost, `${method} ${path}`).toBe("number");
      expect(typeof op["x-retry-safe"], `${method} ${path}`).toBe("boolean");
      if (op.security.length > 0)
        expect(doc["x-rate-limit-pools"][rl.pool], `${method} ${path}`).toBeDefined();
    }
    expect(operation("GET", "/fills")["x-rate-limit"]).toMatchObject({
      cost: 2,
      costIfPresent: { lastFillTime: 25 },
    });
    expect(operation("POST", "/batchorder")["x-rate-limit"]).toMatchObject({ cost: 9, costPerBatchItem: 1 });
    expect(operation("POST", "/sendorder")["x-retry-safe"]).toBe(false);
    expect(doc["x-rate-limit-pools"].derivatives).toMatchObject({ capacity: 500, refillIntervalMs: 10000 });
  });

  it("marks the fee-schedule operations deprecated", () => {
    expect(operation("GET", "/feeschedules").deprecated).toBe(true);
    expect(operation("GET", "/feeschedules/volumes").deprecated).toBe(true);
  });
});

describe("seed examples", () => {
  const real = realResponseExamples();

  it("counts 28 real response examples in the seed", () => {
    expect(real).toHaveLength(28);
  });

  it.each(real.map((e) => [`${e.method} ${e.path} line ${e.line}`, e] as const))(
    "%s is in the spec verbatim and valid against its 200 schema",
    (_name, example) => {
      const op = operation(example.method, example.path);
      expect(op, "operation").toBeDefined();
      const examples: Json = op!.responses["200"].content["application/json"].examples ?? {};
      const match = Object.values(examples).find((e: Json) => e["x-seed-line"] === example.line);
      expect(match, `no example with x-seed-line ${example.line}`).toBeDefined();
      expect(match.value).toEqual(example.json);
      expect(validator.validate(successSchema(op!), match.value)).toEqual([]);
    },
  );

  it("every example of every operation validates against its schema", () => {
    const failures: string[] = [];
    for (const { method, path, op } of allOperations()) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const media = (response as Json).content?.["application/json"];
        if (!media) continue;
        for (const [name, ex] of Object.entries((media.examples ?? {}) as Json)) {
          for (const err of validator.validate(media.schema, (ex as Json).value)) {
            failures.push(`${method} ${path} ${status} ${name}: ${err}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("real traffic tolerance", () => {
  const errorSchema = { $ref: "#/components/schemas/ErrorResponse" };

  it("accepts error codes Kraken adds later (open enum)", () => {
    const body = { result: "error", serverTime: "2026-05-18T10:00:00.123456Z", error: "someNewCode" };
    expect(validator.validate(errorSchema, body)).toEqual([]);
  });

  it("accepts numeric strings where a number is documented", () => {
    expect(validator.validate({ $ref: "#/components/schemas/Numeric" }, "0.00012")).toEqual([]);
    expect(validator.validate({ $ref: "#/components/schemas/Numeric" }, 12.5)).toEqual([]);
    expect(validator.validate({ $ref: "#/components/schemas/Numeric" }, "12abc")).not.toEqual([]);
  });

  it("accepts undocumented fields in responses", () => {
    const op = operation("GET", "/unwindqueue")!;
    const body = {
      result: "success",
      serverTime: "2026-01-01T00:00:00Z",
      queue: [],
      brandNewField: { x: 1 },
    };
    expect(validator.validate(successSchema(op), body)).toEqual([]);
  });

  it("still rejects a success body without its envelope", () => {
    const op = operation("GET", "/unwindqueue")!;
    expect(validator.validate(successSchema(op), { queue: [] })).not.toEqual([]);
  });
});
