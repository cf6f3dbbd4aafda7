import { defineConfig } from "vitest/config"
import { testOptions } from "../../vitest.base.ts"

export default defineConfig({
  // Packing, installing and type-checking outside the workspace take seconds each.
  test: testOptions({ testTimeout: 180_000, hookTimeout: 180_000 })
})
