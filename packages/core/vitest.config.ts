import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // package.json "imports" points #transport at dist/; tests run against the source.
    alias: {
      "#transport": fileURLToPath(new URL("./src/http/transport/node.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
  },
});
