import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // The JSON report feeds the "N passed, N failed" line CI prints (scripts/test-summary.mjs).
    reporters: ["default", "json"],
    outputFile: { json: ".test-results.json" }
  }
})
