import type { Options } from "tsup"

/**
 * The build every package shares: one entry per public module (so deep imports stay
 * small on the edge), ESM + CJS, workspace and Effect packages left external.
 * Declarations come from packages/core/scripts/build-types.mjs: one file per module.
 */
export const packageBuild = (options: { readonly nodeBuiltins?: boolean } = {}): Options => ({
  entry: ["src/*.ts"],
  format: ["esm", "cjs"],
  dts: false,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: "es2022",
  external: [
    /^effect(\/.*)?$/,
    /^@effect\//,
    /^@effect-heygen\//,
    ...(options.nodeBuiltins ? [/^node:/] : [])
  ]
})
