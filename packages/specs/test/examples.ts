// Every example of a bundled OpenAPI document, with the schema it must satisfy: responses in every media
// type, request bodies, parameters (shared ones through their $ref) and component schemas' own examples.
import { loadSpec } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { documentValidator } from "./validator.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks parsed JSON of any shape
export type Json = Record<string, any>;

export const METHODS = ["get", "post", "put", "delete"] as const;

export interface Example {
  readonly where: string;
  readonly schema: unknown;
  readonly value: unknown;
}

/** Every example of a media type or parameter: `examples` entries and the single `example`. */
function examplesOf(where: string, holder: Json, schema: unknown): Example[] {
  const out: Example[] = [];
  for (const [name, ex] of Object.entries((holder.examples ?? {}) as Json)) {
    out.push({ where: `${where} ${name}`, schema, value: (ex as Json).value });
  }
  if ("example" in holder) out.push({ where: `${where} example`, schema, value: holder.example });
  return out;
}

/** Follows a local `$ref` (parameters and responses are shared through components). */
function deref(doc: Json, node: Json): Json {
  if (typeof node?.$ref !== "string") return node;
  const target = (node.$ref as string)
    .slice(2)
    .split("/")
    .reduce((at: Json, key) => at?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  return deref(doc, target);
}

/** Every example of the document, each with the schema it must satisfy. */
export function allExamples(doc: Json): Example[] {
  const out: Example[] = [];
  // Schemas' own examples (the JSON Schema `examples` array and OpenAPI's `example`).
  for (const [name, schema] of Object.entries((doc.components?.schemas ?? {}) as Json)) {
    const ref = { $ref: `#/components/schemas/${name}` };
    for (const [i, value] of ((schema.examples ?? []) as unknown[]).entries()) {
      out.push({ where: `schema ${name} examples[${i}]`, schema: ref, value });
    }
    if ("example" in schema)
      out.push({ where: `schema ${name} example`, schema: ref, value: schema.example });
  }
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const m of METHODS) {
      const op = item[m] as Json | undefined;
      if (!op) continue;
      const at = `${m.toUpperCase()} ${path}`;
      for (const ref of [...(item.parameters ?? []), ...(op.parameters ?? [])] as Json[]) {
        const p = deref(doc, ref);
        out.push(...examplesOf(`${at} parameter ${p.name}`, p, p.schema));
        const own = deref(doc, p.schema ?? {});
        for (const [i, value] of ((own.examples ?? []) as unknown[]).entries()) {
          out.push({ where: `${at} parameter ${p.name} schema examples[${i}]`, schema: p.schema, value });
        }
      }
      for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Json)) {
        out.push(...examplesOf(`${at} body ${type}`, media, media.schema));
      }
      for (const [status, ref] of Object.entries(op.responses as Json)) {
        const response = deref(doc, ref as Json);
        for (const [type, media] of Object.entries((response.content ?? {}) as Json)) {
          out.push(...examplesOf(`${at} ${status} ${type}`, media, media.schema));
        }
      }
    }
  }
  return out;
}

/**
 * The checks every bundled OpenAPI document passes: a success example on each operation, every example
 * valid against its schema (ajv 2020 with formats), and a control that the validator can refuse.
 */
export function exampleSuite(name: string): void {
  describe(`bundled ${name} document`, () => {
    const doc = loadSpec(name) as Json;
    const validator = documentValidator(doc, `https://spec.local/${name}.json`);
    const examples = allExamples(doc);

    it("has a success example for every operation", () => {
      const missing: string[] = [];
      for (const [path, item] of Object.entries(doc.paths as Json)) {
        for (const m of METHODS) {
          if (!item[m]) continue;
          const at = `${m.toUpperCase()} ${path} 200`;
          if (!examples.some((e) => e.where.startsWith(`${at} `))) missing.push(at);
        }
      }
      expect(missing).toEqual([]);
    });

    it("every example of every operation validates against its schema", () => {
      const failures = examples.flatMap((e) =>
        validator.validate(e.schema, e.value).map((err) => `${e.where}: ${err}`),
      );
      expect(failures).toEqual([]);
      expect(examples.length).toBeGreaterThan(0);
    });

    it("(control) the validator refuses a broken example", () => {
      const object = examples.find(
        (e) => e.value !== null && typeof e.value === "object" && !Array.isArray(e.value),
      );
      expect(object).toBeDefined();
      const schema = object!.schema as Json;
      // A JSON example replaced by a string: no object schema of these documents accepts it.
      expect(validator.validate(schema, "not the documented shape")).not.toEqual([]);
    });
  });
}
