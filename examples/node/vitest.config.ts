import { defineConfig } from "vitest/config"
import { testOptions } from "../../vitest.base.ts"

export default defineConfig({
  // The example runs in its own Node process; under a parallel CI load that takes seconds.
  test: testOptions({ testTimeout: 60_000 })
})
