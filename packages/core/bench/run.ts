/** `pnpm bench` for @effect-heygen/core: prints markdown tables; numbers are ratios within one run. */
import * as bundle from "./bundle.ts"
import * as client from "./client.ts"
import * as decode from "./decode.ts"

// Each section runs in its own process (see package.json) so one's heap and JIT state can't skew another.
const only = process.argv[2]
if (only === undefined || only === "decode") {
  console.log(`## @effect-heygen/core — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`)
}
if (only === undefined || only === "decode") decode.run()
if (only === undefined || only === "bundle") await bundle.run()
if (only === undefined || only === "client") await client.run()
