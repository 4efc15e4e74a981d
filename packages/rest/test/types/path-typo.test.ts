/**
 * Issue 12, item 8: a typo in a path (`GET("/ticker")`) must be reported as the path's error, not as
 * "Expected 2 arguments". `@ts-expect-error` cannot tell which error fired, so this compiles small
 * programs with the TypeScript compiler and reads the diagnostics.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(root, "test/types/.probe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The diagnostics of `code` (one call per line), as `line: TScode`. */
function diagnosticsOf(lines: readonly string[]): string[] {
  const file = join(dir, "probe.ts");
  const header =
    'import { createRestClient } from "../../../src/rest-client.js";\nconst client = createRestClient();\n';
  writeFileSync(file, header + lines.join("\n"));
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  const program = ts.createProgram([file], { ...config!.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line - 1}: TS${d.code}`);
}

describe("a path typo is the error users see", () => {
  it("reports the path (TS2345), not the arity (TS2554), for typos of paths with and without arguments", () => {
    const diagnostics = diagnosticsOf([
      'client.GET("/ticker");',
      'client.GET("/tickers/{symbl}");',
      'client.POST("/sendorde");',
      'client.POST("/sendorder");',
    ]);
    expect(diagnostics).toEqual(["1: TS2345", "2: TS2345", "3: TS2345", "4: TS2554"]);
  }, 60_000);
});
