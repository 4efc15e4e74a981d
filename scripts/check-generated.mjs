// Fails when any committed generated file differs from what the specs produce now.
// Bundles the specs first (into packages/specs/dist, which is not committed), then runs every
// generator in --check mode.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SURFACES } from "./surfaces.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (script, args) =>
  execFileSync(process.execPath, [join(root, "scripts", script), ...args], { stdio: "inherit" });

run("bundle-specs.mjs", []);
let failed = 0;
for (const surface of SURFACES) {
  const script =
    surface.generator ?? (surface.kind === "openapi" ? "generate-openapi.mjs" : "generate-asyncapi.mjs");
  const checks = [
    ...(surface.package ? [[script, "generated code"]] : []),
    ...(surface.readme ? [["generate-unverified.mjs", "unverified-field list"]] : []),
  ];
  for (const [generator, what] of checks) {
    try {
      run(generator, [surface.name, "--check"]);
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
