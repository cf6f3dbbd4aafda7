/** `pnpm bench` for @effect-heygen/core: prints markdown tables; numbers are ratios within one run. */
import * as bundle from "./bundle.ts"
import * as decode from "./decode.ts"

console.log(`## @effect-heygen/core — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`)
decode.run()
await bundle.run()
