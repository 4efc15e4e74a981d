// The non-npm tools some test suites drive (Debian packages), how to find them, and what a test does
// when one is missing: outside CI it is skipped with the reason printed and recorded in the test report;
// in CI (CI=true) it runs and fails, because .ci/run installs every tool first
// (consumers/scripts/ensure-tools.mjs). Tests never install anything themselves.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Tool → the command looked up on PATH, and the Debian package that provides it. */
export const TOOLS = {
  go: { command: "go", apt: "golang-go" },
  javac: { command: "javac", apt: "openjdk-17-jdk-headless" },
  python3: { command: "python3", apt: "python3" },
  chromium: { command: "chromium", apt: "chromium" },
};

/** True when CI is set to anything but "", "0" or "false" (the usual convention of CI services). */
export function inCi(env = process.env) {
  return env.CI !== undefined && !["", "0", "false"].includes(env.CI.toLowerCase());
}

/** The absolute path of a tool found on PATH (the way a shell finds it), or undefined. */
export function findTool(name, env = process.env) {
  const command = TOOLS[name]?.command ?? name;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function installHint(names) {
  const packages = names.map((n) => TOOLS[n]?.apt ?? n).join(" ");
  return `apt-get install -y --no-install-recommends ${packages}`;
}

/** The absolute path of a tool; throws, saying how to install it, when it is not on PATH. */
export function toolPath(name) {
  const path = findTool(name);
  if (path) return path;
  throw new Error(
    `${name} is not on PATH (install it: \`${installHint([name])}\`; .ci/run does that as root)`,
  );
}

const printed = new Set();

/**
 * Vitest options for a suite or test that needs `names`: `{}` when every tool is on PATH or when in CI
 * (so a missing tool fails there), otherwise `{ skip: true, meta: { skipReason } }`, the reason also
 * printed once. scripts/test-summary.mjs lists the reasons of skipped tests.
 */
export function needsTools(names) {
  const missing = names.filter((n) => !findTool(n));
  if (missing.length === 0 || inCi()) return {};
  const skipReason = `needs ${missing.join(", ")}, not on PATH (install: \`${installHint(missing)}\`)`;
  if (!printed.has(skipReason)) {
    printed.add(skipReason);
    console.warn(`skipped: ${skipReason}; with CI=true this fails instead`);
  }
  return { skip: true, meta: { skipReason } };
}
