/**
 * Counts the homes of logic that must exist once (issue: one argument checker, at most two `$ref`
 * resolvers, one number coercer, one signer). It reads the source of every package
 * (`packages/<name>/src/**\/*.ts`, without generated files and tests), strips comments, and matches:
 *
 * - `$ref` resolver: code reading a `$ref` member (`.$ref` or `["$ref"]`) and splitting a JSON pointer
 *   (`.split("/")`) to follow it; code that only hands a `$ref` to a resolver does not count.
 * - argument-check engine: code that reads a rule's enum (`.enum` / `enum.includes` / `.has(`) AND
 *   answers a missing required field (`.required` or `"required"`) AND tests JSON types (`typeof`), i.e. a checker of arguments
 *   against declared plans; a reintroduced copy of such a checker matches both.
 * - signer: code calling HMAC (`createHmac(` or `name: "HMAC"`).
 * - number coercer: code holding a numeric-string pattern (an exponent part `[eE][-+]?`) and calling
 *   `Number(`, i.e. something that turns wire strings into numbers.
 *
 * This is a ratchet: each count may only go down. The files listed as `known` are today's homes; the
 * issue's target is in `target`. Shrink `known` as copies are removed; a new file matching a pattern
 * fails the test.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

function sources(): string[] {
  const out: string[] = [];
  const packages = join(root, "packages");
  for (const name of readdirSync(packages)) {
    const src = join(packages, name, "src");
    try {
      if (!statSync(src).isDirectory()) continue;
    } catch {
      continue;
    }
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) {
          if (entry !== "generated" && entry !== "test" && entry !== "testing") walk(path);
        } else if (entry.endsWith(".ts") && !entry.endsWith(".gen.ts") && !entry.endsWith(".test.ts")) {
          out.push(path);
        }
      }
    };
    walk(src);
  }
  return out;
}

/** The code without block and line comments (a rough strip; strings holding `//` are rare here). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

const patterns = {
  refResolver: (c: string) =>
    /\.\$ref\b|\[\s*["']\$ref["']\s*\]/.test(c) && /\.split\(\s*["']\/["']\s*\)/.test(c),
  argumentEngine: (c: string) =>
    /\.enum\b|enumValues/.test(c) && /\.required\b|"required"/.test(c) && /\btypeof\b/.test(c),
  signer: (c: string) => /createHmac\(|name:\s*"HMAC"/.test(c),
  numberCoercer: (c: string) => /\[eE\]\[-\+\]\?/.test(c) && /\bNumber\(/.test(c),
};

/** Today's homes (ratchet: remove entries as copies go; never add one). */
const known: Record<keyof typeof patterns, readonly string[]> = {
  refResolver: ["packages/rest/src/validation.ts"],
  argumentEngine: ["packages/core/src/arguments.ts"],
  signer: ["packages/auth/src/crypto-node.ts", "packages/auth/src/crypto-web.ts"],
  numberCoercer: ["packages/core/src/numbers.ts"],
};

/** The issue's Done-when (codegen is allowed its resolver once it lives in packages/codegen/src). */
const target = { refResolver: 2, argumentEngine: 1, signer: 2, numberCoercer: 1 } as const;

describe("one home per concern", () => {
  const files = sources().map((path) => ({
    rel: relative(root, path).split("\\").join("/"),
    c: code(readFileSync(path, "utf8")),
  }));
  for (const name of Object.keys(patterns) as (keyof typeof patterns)[]) {
    it(`${name}: no home beyond the known ones`, () => {
      const all = files.filter((f) => patterns[name](f.c)).map((f) => f.rel);
      const inCodegen = all.filter((f) => f.startsWith("packages/codegen/src/"));
      const found = all.filter((f) => !inCodegen.includes(f));
      // Codegen's own homes are printed for the record (build time, not run time) but not ratcheted here.
      console.log(
        `${name}: ${found.length} (target ${target[name]}): ${found.join(", ")}` +
          ` | in codegen: ${inCodegen.length}${inCodegen.length ? `: ${inCodegen.join(", ")}` : ""}`,
      );
      expect(found.filter((f) => !known[name].includes(f))).toEqual([]);
    });
  }
});
