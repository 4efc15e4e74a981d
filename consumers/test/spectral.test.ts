// A second, independent validator besides Redocly: Spectral's built-in rulesets, offline. Errors fail
// the test; warnings are allowed and printed so they stay visible in CI's log.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledPath, consumersDir, OPENAPI_DOCUMENTS, outDir } from "../scripts/paths.mjs";
import { run } from "../scripts/run.mjs";

type Finding = { code: string; severity: number; path: string[]; message: string; source: string };
const SEVERITY = ["error", "warning", "info", "hint"];

function spectral(ruleset: string, files: string[]): Finding[] {
  mkdirSync(outDir, { recursive: true });
  const report = join(outDir, `spectral-${ruleset.replace(/\W/g, "")}.json`);
  run(
    join(consumersDir, "node_modules/.bin/spectral"),
    [
      "lint",
      "--ruleset",
      join(consumersDir, ruleset),
      "--format",
      "json",
      "--output",
      report,
      "--quiet",
      ...files,
    ],
    // Exit 1 means findings at error severity; they are asserted below with their details.
    { allowFailure: true, cwd: consumersDir },
  );
  const findings: Finding[] = JSON.parse(readFileSync(report, "utf8"));
  for (const f of findings) {
    const where = `${f.source.split("/").pop()} ${f.path.join(".")}`;
    console.log(`spectral ${SEVERITY[f.severity]} ${f.code} ${where}: ${f.message}`);
  }
  return findings;
}

const errors = (findings: Finding[]) =>
  findings.filter((f) => f.severity === 0).map((f) => `${f.code} ${f.source} ${f.path.join(".")}`);

describe("Spectral", () => {
  it("spectral:oas finds no error in the three bundled OpenAPI documents", () => {
    const files = OPENAPI_DOCUMENTS.map((s) => bundledPath(`${s}.openapi.json`));
    expect(errors(spectral(".spectral.yaml", files))).toEqual([]);
  });

  it("spectral:oas finds no error in the bundled Spot subset", () => {
    expect(errors(spectral(".spectral.yaml", [bundledPath("spot.openapi.json")]))).toEqual([]);
  });

  it("spectral:asyncapi finds no error in the bundled AsyncAPI documents (WebSocket v1, Unified WebSocket)", () => {
    const files = ["ws", "uws"].map((s) => bundledPath(`${s}.asyncapi.json`));
    expect(errors(spectral(".spectral-asyncapi.yaml", files))).toEqual([]);
  });
});
