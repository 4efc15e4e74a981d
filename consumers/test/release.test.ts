// The release dry run (scripts/release-dry-run.mjs): changeset version on a scratch copy, pnpm pack of
// every public package, publint and attw on the tarballs, and a consumer project that installs them with
// npm, type-checks under node16 and bundler resolution and runs a public and a signed call on the mock;
// then the tarballs installed by Bun and by Deno, each running a public and a signed call and a WebSocket
// order book against the mock.
import { describe, expect, it } from "vitest";
import { repoRoot } from "../scripts/paths.mjs";
import { publicPackages, releaseDryRun } from "../scripts/release-dry-run.mjs";

interface RuntimeRun {
  runtime: string;
  publicCall: { result: string; tickers: number };
  signedCall: { result: string };
  book: { levels: number; bestBid: number; bestAsk: number };
}

describe("release dry run", () => {
  // Three installs (npm, Bun, Deno) from the registry on a busy 2-core machine: minutes, bounded.
  it("packs every public package, which installs, type-checks and calls the mock exchange", async () => {
    const start = Date.now();
    const elapsed = () => `${Math.round((Date.now() - start) / 1000)} s`;
    const summary = await releaseDryRun({
      log: (line: string) => console.log(`release (${elapsed()}): ${line}`),
    });
    console.log(`release (${elapsed()}): done`);
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

    expect(Object.keys(summary.runtimes).sort()).toEqual(["bun", "deno"]);
    for (const [runtime, result] of Object.entries(summary.runtimes) as Array<[string, RuntimeRun]>) {
      expect(result.runtime, runtime).toMatch(new RegExp(`^${runtime} \\d`));
      expect(result.publicCall, runtime).toMatchObject({ result: "success" });
      expect(result.publicCall.tickers, runtime).toBeGreaterThan(0);
      expect(result.signedCall, runtime).toMatchObject({ result: "success" });
      expect(result.book.levels, runtime).toBeGreaterThan(0);
      expect(result.book.bestBid, runtime).toBeGreaterThan(0);
      expect(result.book.bestAsk, runtime).toBeGreaterThan(0);
    }
  }, 480_000);
});
