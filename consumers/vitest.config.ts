import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tools from apt (go, javac, python3, chromium) are installed by .ci/run, never by the tests: a
    // suite that needs a missing one is skipped outside CI and fails in CI (scripts/tools.mjs).
    // Compilers, a browser and npm installs: generous, but bounded so a hang fails the run.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
  },
});
