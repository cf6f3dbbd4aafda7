/**
 * The test settings every workspace package shares (its vitest.config.ts adds what is its
 * own). The JSON report feeds the "N passed, N failed" line CI prints
 * (scripts/test-summary.mjs). No vitest import here: the root has no vitest of its own.
 */
export const testOptions = <Extra extends object>(options: { readonly testTimeout: number } & Extra) => ({
  include: ["test/**/*.test.ts"],
  reporters: ["default", "json"],
  outputFile: { json: ".test-results.json" },
  ...options
})
