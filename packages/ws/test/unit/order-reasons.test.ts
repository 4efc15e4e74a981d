// The open_orders reason union names what the server sends on an edit (issue 12, item 17).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { components } from "../../src/generated/ws.gen.js";

type Reason = components["schemas"]["OrderUpdateReason"];
/** The named members of an open union (`"a" | "b" | (string & {})` -> `"a" | "b"`). */
type Named<T> = T extends string ? (string extends T ? never : T) : never;

const spec = parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), "../../../../specs/asyncapi/ws/asyncapi.yaml"),
    "utf8",
  ),
);

describe("OrderUpdateReason", () => {
  it("names edited_by_user, in the spec and in the generated type", () => {
    const named: Named<Reason> = "edited_by_user"; // a type error if the generated union lacks it
    const known = spec.components.schemas.OrderUpdateReason.anyOf[0].enum as string[];
    expect(known).toContain(named);
  });
});
