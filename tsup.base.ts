import type { Options } from "tsup"

type Plugin = NonNullable<Options["esbuildPlugins"]>[number]

/**
 * Keeps every relative import an import of the sibling output file (`./X.ts` →
 * `./X.js` or `./X.cjs`), so each source module becomes one output module — the
 * shape Effect itself ships. Bundlers then tree-shake across our modules exactly as
 * across Effect's; a bundled build with shared chunks kept whole namespaces alive.
 */
const perModule: Plugin = {
  name: "per-module",
  setup(build) {
    const extension = build.initialOptions.format === "cjs" ? ".cjs" : ".js"
    build.onResolve({ filter: /^\.\.?\// }, (args) =>
      args.kind === "entry-point"
        ? undefined
        : { path: args.path.replace(/\.ts$/, extension), external: true }
    )
  }
}

/**
 * The build every package shares: one output module per source module (internal
 * ones included), ESM + CJS, dependencies left external. Declarations come from
 * packages/core/scripts/build-types.mjs: one file per module.
 */
export const packageBuild = (options: { readonly nodeBuiltins?: boolean } = {}): Options => ({
  entry: ["src/**/*.ts"],
  format: ["esm", "cjs"],
  dts: false,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: false,
  target: "es2022",
  external: [
    /^effect(\/.*)?$/,
    /^@effect\//,
    /^@effect-heygen\//,
    ...(options.nodeBuiltins ? [/^node:/] : [])
  ],
  esbuildPlugins: [perModule]
})
