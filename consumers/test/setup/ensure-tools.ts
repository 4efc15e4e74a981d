// Runs once before the test files: a fresh CI machine has Node and npm only.
import { ensureTools } from "../../scripts/ensure-tools.mjs";

export default function setup(): void {
  const installed = ensureTools();
  if (installed.length > 0) console.log(`consumers: installed ${installed.join(", ")} from apt`);
}
