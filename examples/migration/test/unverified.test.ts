/**
 * The guide's "unverified" caveats against the UWS spec's `x-unverified` marks: every field the guide's
 * `<!-- unverified -->` table names exists in the bundled spec and is still marked, so verifying a field
 * (deleting its mark) fails here until the guide drops its caveat.
 */
import { loadSpec } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { readGuide } from "./guide-check.js";

type Schema = Record<string, unknown> & {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const spec = loadSpec("uws") as { components: { schemas: Record<string, Schema> } };

function deref(node: Schema | undefined): Schema | undefined {
  let n = node;
  while (n?.$ref) n = spec.components.schemas[n.$ref.replace("#/components/schemas/", "")];
  return n;
}

/** The property `key` of `node`, looking through `$ref`, combinators and array items. */
function property(node: Schema | undefined, key: string): Schema | undefined {
  const n = deref(node);
  if (!n) return undefined;
  if (n.properties?.[key]) return n.properties[key];
  for (const member of [...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])]) {
    const found = property(member, key);
    if (found) return found;
  }
  return n.items ? property(n.items, key) : undefined;
}

/** `Schema.a.b` → the property schema, or undefined when the path does not resolve. */
function field(path: string): Schema | undefined {
  const [schema, ...keys] = path.split(".");
  let node: Schema | undefined = spec.components.schemas[schema ?? ""];
  for (const key of keys) node = property(node, key);
  return keys.length > 0 ? node : undefined;
}

/** The first-column names of the table after `<!-- unverified -->`. */
function unverifiedTable(markdown: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf("<!-- unverified -->");
  if (start < 0) throw new Error("the guide has no table marked unverified");
  const rows: string[] = [];
  for (let i = start + 3; i < lines.length && lines[i]!.startsWith("|"); i++) {
    const m = /^\| `([^`]+)` \|/.exec(lines[i]!);
    if (!m) throw new Error(`line ${i + 1}: first cell is not one \`Schema.field\``);
    rows.push(m[1]!);
  }
  return rows;
}

describe("the guide's unverified caveats", () => {
  const fields = unverifiedTable(readGuide());

  it("lists some fields", () => {
    expect(fields.length).toBeGreaterThan(5);
  });

  it.each(fields)("%s exists in the UWS spec and still carries x-unverified", (path) => {
    const schema = field(path);
    expect(schema, `${path} is not in the spec`).toBeDefined();
    expect(schema?.["x-unverified"], `${path} is verified now: update the guide`).toEqual(expect.any(String));
  });

  it("tells a verified field from an unverified one (the check has teeth)", () => {
    expect(field("AddOrderRequest.params.triggers.reference")?.["x-unverified"]).toBeUndefined();
    expect(field("BookEntry.no_such_field")).toBeUndefined();
  });
});
