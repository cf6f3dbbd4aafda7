import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/*.ts"],
  format: ["esm", "cjs"],
  dts: false,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  splitting: true,
  target: "es2022",
  external: [/^effect(\/.*)?$/, /^@effect\//, /^@effect-heygen\//]
})
