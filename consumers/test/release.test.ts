// The release dry run (scripts/release-dry-run.mjs): changeset version on a scratch copy, pnpm pack of
// every public package, publint and attw on the tarballs, and a consumer project that installs them with
// npm, type-checks under node16 and bundler resolution and runs a public and a signed call on the mock.
import { describe, expect, it } from "vitest";
import { repoRoot } from "../scripts/paths.mjs";
import { publicPackages, releaseDryRun } from "../scripts/release-dry-run.mjs";

describe("release dry run", () => {
  it("packs every public package, which installs, type-checks and calls the mock exchange", async () => {
    const summary = await releaseDryRun({ log: (line: string) => console.log(`release: ${line}`) });
    const expected = publicPackages(repoRoot)
      .map(({ pkg }) => pkg.name)
      .sort();
    expect(summary.tarballs.map((t: { name: string }) => t.name).sort()).toEqual(expected);
    for (const [name, version] of Object.entries(summary.versions)) {
      expect(version, `${name} was not versioned by changeset version`).not.toBe("0.0.0");
    }
    expect(Object.values(summary.typecheck).map((t) => (t as { exit: number }).exit)).toEqual([0, 0]);
    expect(summary.run.publicCall).toMatchObject({ result: "success" });
    expect(summary.run.publicCall.tickers).toBeGreaterThan(0);
    expect(summary.run.signedCall).toMatchObject({ result: "success" });
  });
});
