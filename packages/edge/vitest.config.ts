import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".test-results.json" },
    testTimeout: 30_000,
    // A thread can be terminated even while sockets to workerd linger; a forked process waits on them.
    pool: "threads"
  }
})
