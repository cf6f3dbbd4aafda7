import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".test-results.json" },
    // Each test starts real runtimes (Node, workerd, Deno processes).
    testTimeout: 240_000
  }
})
