import { describe, expect, it } from "vitest";
import { changedOutputs, changesetFor, packageOf, reportLines } from "../src/output-report.js";

describe("generated-output report", () => {
  const before = {
    "packages/ws/src/generated/ws.gen.ts": "a",
    "packages/mock/src/generated/ws.gen.ts": "a",
    "packages/rest/src/generated/trading.gen.ts": "b",
  };

  it("names the packages whose files changed, appeared or disappeared", () => {
    const after = {
      "packages/ws/src/generated/ws.gen.ts": "c",
      "packages/mock/src/generated/ws.gen.ts": "a",
      "packages/spot/src/generated/spot.gen.ts": "d",
    };
    expect([...changedOutputs(before, after)]).toEqual([
      ["rest", ["packages/rest/src/generated/trading.gen.ts"]],
      ["spot", ["packages/spot/src/generated/spot.gen.ts"]],
      ["ws", ["packages/ws/src/generated/ws.gen.ts"]],
    ]);
  });

  it("reports nothing when the hashes agree, and ignores files outside src/generated", () => {
    expect(reportLines(changedOutputs(before, { ...before }))).toEqual([
      "generated output: no package changed",
    ]);
    expect(packageOf("packages/ws/src/index.ts")).toBeUndefined();
    expect(changedOutputs({ "README.md": "x" }, { "README.md": "y" }).size).toBe(0);
  });

  it("writes a patch changeset for a changed package", () => {
    expect(changesetFor("@kraken-futures/ws", ["packages/ws/src/generated/ws.gen.ts"])).toBe(
      '---\n"@kraken-futures/ws": patch\n---\n\nRegenerated from the specs: packages/ws/src/generated/ws.gen.ts.\n',
    );
  });
});
