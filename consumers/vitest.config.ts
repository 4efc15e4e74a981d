import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Installs go, javac, python3 and chromium from apt when missing, before any test file runs.
    globalSetup: ["test/setup/ensure-tools.ts"],
    // Compilers, a browser and npm installs: generous, but bounded so a hang fails the run.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
  },
});
