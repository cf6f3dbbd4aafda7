import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".test-results.json" },
    // The example runs in its own Deno process; under a parallel CI load that takes seconds.
    testTimeout: 60_000
  }
})
