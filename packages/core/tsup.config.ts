import { defineConfig } from "tsup"

// One entry per public module so `@effect-heygen/core/ErrorDecoder` stays small on the edge.
// Declarations come from scripts/build-types.mjs: one file per module, no shared chunks.
export default defineConfig({
  entry: ["src/*.ts"],
  format: ["esm", "cjs"],
  dts: false,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: "es2022",
  external: [/^effect(\/.*)?$/]
})
