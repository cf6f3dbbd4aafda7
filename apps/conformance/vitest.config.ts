import { defineConfig } from "vitest/config"
import { testOptions } from "../../vitest.base.ts"

export default defineConfig({
  // Each test starts real runtimes (Node, workerd, Deno processes).
  test: testOptions({ testTimeout: 240_000 })
})
