// Bundle size is deterministic (same sources, same esbuild), so budgets are enforced here, in the
// test suite; timings are not, they only go into `pnpm bench`'s report.
import { describe, expect, it } from "vitest";
import { measureBundle, readBudgets } from "../src/size/build.mjs";

const budgets = readBudgets();

describe("browser bundle budgets (bench/budgets.json)", () => {
  for (const [name, budget] of Object.entries(budgets)) {
    it(`${name}: minified + gzipped size is within ${budget.maxMinGzipBytes} bytes`, async () => {
      const { gzipBytes, minBytes, inputs } = await measureBundle(budget.entry);
      // The bundle must contain the SDK (a broken entry would be tiny and pass).
      expect(
        inputs.some((input) => input.path.includes("@kraken-futures") || input.path.includes("packages/")),
      ).toBe(true);
      expect(minBytes).toBeGreaterThan(gzipBytes);
      const largest = inputs
        .slice(0, 5)
        .map((input) => `${input.path} ${input.bytes} B`)
        .join(", ");
      expect(
        gzipBytes,
        `${name} is ${gzipBytes} bytes min+gzip; largest inputs: ${largest}`,
      ).toBeLessThanOrEqual(budget.maxMinGzipBytes);
    }, 30_000);
  }
});
