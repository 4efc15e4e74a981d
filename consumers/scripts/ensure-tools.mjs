// Makes sure the non-npm tools the test suites need are on this machine, installing the missing ones
// from Debian's apt. .ci/run runs it as root before the tests (CI starts from a fresh machine that has
// Node and npm only); the tests themselves never install anything (scripts/tools.mjs). When a tool is
// missing and cannot be installed, this throws with the reason.
import { execFileSync } from "node:child_process";
import { findTool, TOOLS } from "../../scripts/tools.mjs";

export { TOOLS };

function apt(args) {
  execFileSync("apt-get", args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 600_000,
  });
}

/** Installs every missing tool of `names`; returns the ones it installed. */
export function ensureTools(names = Object.keys(TOOLS)) {
  const missing = names.filter((n) => !findTool(n));
  if (missing.length === 0) return [];
  const packages = missing.map((n) => TOOLS[n].apt);
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing ${missing.join(", ")}; install them with \`apt-get install -y --no-install-recommends ${packages.join(" ")}\` (this check runs apt only as root)`,
    );
  }
  try {
    try {
      apt(["install", "-y", "--no-install-recommends", ...packages]);
    } catch {
      // A fresh machine has no package lists yet.
      apt(["update"]);
      apt(["install", "-y", "--no-install-recommends", ...packages]);
    }
  } catch (error) {
    const detail = String(error.stderr ?? error.message)
      .trim()
      .split("\n")
      .slice(-3)
      .join(" / ");
    throw new Error(`could not install ${packages.join(" ")} with apt-get: ${detail}`);
  }
  const still = missing.filter((n) => !findTool(n));
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(", ")} is still missing`);
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const installed = ensureTools(process.argv.slice(2).length > 0 ? process.argv.slice(2) : undefined);
  console.log(installed.length > 0 ? `installed ${installed.join(", ")}` : "every tool is present");
}
