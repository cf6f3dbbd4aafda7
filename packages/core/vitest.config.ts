import * as path from "node:path"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // Tests (and the README example they run) import the package by name, from source.
    alias: { "@effect-heygen/core": path.resolve(import.meta.dirname, "src/index.ts") }
  },
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // The JSON report feeds the "N passed, N failed" line CI prints (scripts/test-summary.mjs).
    reporters: ["default", "json"],
    outputFile: { json: ".test-results.json" },
    // The property tests (thousands of cases) share 2 cores with the other packages' suites in CI.
    testTimeout: 30_000
  }
})
