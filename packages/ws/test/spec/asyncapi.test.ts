// The AsyncAPI document is the source of truth for the ws package: it must parse, and every example in it
// is a fixture that must match its own schema. Seed examples must stay identical to the seed.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser } from "@asyncapi/parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const specPath = join(root, "specs/asyncapi/ws/asyncapi.yaml");
// The seed's examples (000_255cebd239ea41ae.txt), written by scripts/extract-seed-fixtures.mjs.
const seedFixture = join(root, "packages/ws/test/fixtures/seed-ws-examples.json");
const seedExamples = (JSON.parse(readFileSync(seedFixture, "utf8")) as { examples: SeedJson[] }).examples;
const text = readFileSync(specPath, "utf8");
const spec = parse(text) as {
  components: {
    schemas: Record<string, { title?: string }>;
    messages: Record<string, { payload: { $ref: string }; examples?: Example[]; "x-seed-line"?: number }>;
  };
};
interface SeedJson {
  line: number;
  json: unknown;
}
interface Example {
  name: string;
  summary?: string;
  payload: unknown;
}

const SPEC_ID = "https://kraken-futures.invalid/ws.asyncapi.json";
function compiler() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: spec.components.schemas } });
  return (ref: string) => {
    const validate = ajv.getSchema(`${SPEC_ID}${ref}`);
    if (!validate) throw new Error(`no schema at ${ref}`);
    return validate;
  };
}
const schemaAt = compiler();
const messages = Object.entries(spec.components.messages);

/** The seed's JSON example that starts at a 1-based line of its page (a committed fixture). */
function seedJsonAt(line: number): unknown {
  const found = seedExamples.find((e) => e.line === line);
  if (!found) throw new Error(`no seed example at line ${line} in ${seedFixture}`);
  return found.json;
}

describe("specs/asyncapi/ws/asyncapi.yaml", () => {
  it("is a valid AsyncAPI 3.0 document (@asyncapi/parser, no error diagnostics)", async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe("3.0.0");
    expect(document?.allMessages().length).toBe(messages.length);
  }, 60_000); // the parser loads its rulesets on first use: seconds on a busy 2-core CI machine

  it("describes every message the issue lists", () => {
    const payloadConsts = messages.map(([, m]) => {
      const schema = spec.components.schemas[m.payload.$ref.split("/").pop()!] as {
        properties: Record<string, { const?: string }>;
      };
      return schema.properties["feed"]?.const ?? schema.properties["event"]?.const;
    });
    for (const name of [
      "subscribe",
      "unsubscribe",
      "challenge",
      "info",
      "subscribed",
      "subscribed_failed",
      "unsubscribed",
      "unsubscribed_failed",
      "error",
      "alert",
      "pong",
      "book_snapshot",
      "book",
      "ticker",
      "ticker_lite",
      "trade_snapshot",
      "trade",
      "heartbeat",
      "open_orders_snapshot",
      "open_orders",
      "open_orders_verbose_snapshot",
      "open_orders_verbose",
      "fills_snapshot",
      "fills",
      "open_positions",
      "balances_snapshot",
      "balances",
      "account_log_snapshot",
      "account_log",
      "notifications_auth",
    ]) {
      expect(payloadConsts, name).toContain(name);
    }
  });

  it.each(messages)("message %s has a titled payload schema and at least one example", (_, message) => {
    const schema = spec.components.schemas[message.payload.$ref.split("/").pop()!];
    expect(schema?.title).toBeTruthy();
    expect(message.examples?.length ?? 0).toBeGreaterThan(0);
  });

  const examples = messages.flatMap(([name, m]) =>
    (m.examples ?? []).map((example) => [`${name}/${example.name}`, m.payload.$ref, example] as const),
  );
  it.each(examples)("example %s validates against its payload schema", (_, ref, example) => {
    const validate = schemaAt(ref);
    const ok = validate(example.payload);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  // AsyncAPI 3.0 example objects take no extensions, so x-seed-line sits on the message and names the
  // line of its first example.
  const seeded = messages
    .filter(([, m]) => m["x-seed-line"] !== undefined)
    .map(([name, m]) => [name, m["x-seed-line"]!, m.examples?.[0]?.payload] as const);
  it("carries the seed's five examples", () => {
    expect(seeded.map(([, line]) => line).sort((a, b) => a - b)).toEqual([34, 59, 93, 219, 238]);
  });
  it.each(seeded)(
    "seed example of %s (line %i) is the seed's JSON, key order included",
    (_, line, payload) => {
      expect(JSON.stringify(payload)).toBe(JSON.stringify(seedJsonAt(line)));
    },
  );

  it("rejects what the server does not send (the validation can fail)", () => {
    expect(schemaAt("#/components/schemas/BookUpdate")({ feed: "book", product_id: "PF_XBTUSD" })).toBe(
      false,
    );
    expect(
      schemaAt("#/components/schemas/BookSnapshot")({ feed: "book", product_id: "X", bids: [], asks: [] }),
    ).toBe(false);
    expect(schemaAt("#/components/schemas/Numeric")("12abc")).toBe(false);
  });

  it("accepts numeric strings and unknown enum values, as real traffic carries them", () => {
    const trade = {
      feed: "trade",
      product_id: "PF_XBTUSD",
      side: "buy",
      type: "brand_new",
      seq: 1,
      time: 1,
      qty: "0.5",
      price: "1e3",
    };
    expect(schemaAt("#/components/schemas/Trade")(trade)).toBe(true);
  });
});
