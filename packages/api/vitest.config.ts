import * as path from "node:path"
import { defineConfig } from "vitest/config"
import { testOptions } from "../../vitest.base.ts"

export default defineConfig({
  resolve: {
    // Tests (and the README example they run) import the package by name, from source.
    alias: [
      { find: /^@effect-heygen\/api$/, replacement: path.resolve(import.meta.dirname, "src/index.ts") },
      { find: /^@effect-heygen\/api\/(.*)$/, replacement: path.resolve(import.meta.dirname, "src/$1.ts") }
    ]
  },
  test: testOptions({
    // Property tests over 85 operations, and a bundle built from the packed tarballs.
    testTimeout: 60_000,
    hookTimeout: 180_000
  })
})
