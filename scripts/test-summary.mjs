// Sums the vitest JSON reports of every workspace package into the one closing line CI reads:
// "N passed, N failed" (", N skipped" appended when tests were skipped). A package with a test script but
// no report (its run crashed) counts as a failure. Tests skipped for a missing tool (scripts/tools.mjs)
// are listed with their reason.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const under = (folder) => readdirSync(join(root, folder)).map((d) => join(root, folder, d));
const dirs = [
  ...under("packages"),
  join(root, "bench"),
  join(root, "consumers"),
  ...under("examples"),
].filter((d) => existsSync(join(d, "package.json")));

/** Reason → number of skipped tests, from the `skipReason` meta tools.mjs puts on them. */
function skipReasons(report) {
  const counts = new Map();
  for (const file of report.testResults ?? []) {
    for (const t of file.assertionResults) {
      if (t.status !== "skipped" && t.status !== "pending") continue;
      const reason = t.meta?.skipReason ?? "skipped in the test file";
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  }
  return counts;
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!pkg.scripts?.test) continue;
  const report = join(dir, ".vitest-report.json");
  if (!existsSync(report)) {
    console.log(`${pkg.name}: no test report (the run did not finish): counted as 1 failed`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(report, "utf8"));
  // A file that fails to load, or whose beforeAll throws (its tests then show as skipped), is a failure
  // all the same.
  const brokenSuites = (r.testResults ?? []).filter(
    (t) => t.status === "failed" && !t.assertionResults.some((a) => a.status === "failed"),
  );
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenSuites.length;
  skipped += r.numPendingTests + r.numTodoTests;
  const skips = r.numPendingTests + r.numTodoTests;
  console.log(
    `${pkg.name}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites.length} failed` +
      (skips > 0 ? `, ${skips} skipped` : ""),
  );
  for (const [reason, count] of skipReasons(r)) console.log(`  ${count} skipped: ${reason}`);
}
console.log(
  skipped > 0
    ? `${passed} passed, ${failed} failed, ${skipped} skipped`
    : `${passed} passed, ${failed} failed`,
);
process.exitCode = failed > 0 ? 1 : 0;
