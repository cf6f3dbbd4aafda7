import * as path from "node:path"
import { defineConfig } from "vitest/config"
import { testOptions } from "../../vitest.base.ts"

export default defineConfig({
  resolve: {
    // Tests (and the README example they run) import the package by name, from source.
    alias: { "@effect-heygen/core": path.resolve(import.meta.dirname, "src/index.ts") }
  },
  test: testOptions({
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // The property tests (thousands of cases) share 2 cores with the other packages' suites in CI.
    testTimeout: 30_000
  })
})
