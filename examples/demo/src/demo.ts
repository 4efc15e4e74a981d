/** `pnpm demo` (the README's main command): prints the offline demo's report (see `demo-report.ts`). */
import { runDemo } from "./demo-report.js";

runDemo().catch((error: unknown) => {
  console.error("Demo failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
