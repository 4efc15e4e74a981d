// `check-generated` (`pnpm check:generated`): fails when any committed generated file differs from what
// the specs produce now. Bundles the specs first (into packages/specs/dist, which is not committed), then
// runs every generator in --check mode, each in its own process so one failure does not hide the others.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SURFACES } from "../surfaces.js";

const here = dirname(fileURLToPath(import.meta.url));
const run = (cli: string, args: readonly string[]) =>
  execFileSync(process.execPath, [join(here, cli), ...args], { stdio: "inherit" });

run("bundle-specs.js", []);
let failed = 0;
for (const surface of SURFACES) {
  const checks: [string, string][] = [
    ...(surface.package !== null ? ([["generate.js", "generated code"]] as [string, string][]) : []),
    ...(surface.readme ? ([["unverified.js", "unverified-field list"]] as [string, string][]) : []),
  ];
  for (const [cli, what] of checks) {
    try {
      run(cli, [surface.name, "--check"]);
      console.log(`${what} of ${surface.name} is in sync`);
    } catch {
      failed++;
    }
  }
}
if (failed > 0) {
  console.error(`${failed} surface(s) drifted: run \`pnpm generate\` and commit the result.`);
  process.exit(1);
}
