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
  if (surface.package === null) continue; // bundled only: no generated code to compare
  const script = surface.kind === "openapi" ? "generate-openapi.mjs" : "generate-asyncapi.mjs";
  try {
    run(script, [surface.name, "--check"]);
    console.log(`generated code of ${surface.name} is in sync`);
  } catch {
    failed++;
  }
}
if (failed > 0) {
  console.error(`${failed} surface(s) drifted: run \`pnpm generate\` and commit the result.`);
  process.exit(1);
}
