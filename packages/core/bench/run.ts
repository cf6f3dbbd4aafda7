/** `pnpm bench` for @effect-heygen/core: prints markdown tables; numbers are ratios within one run. */
import * as bundle from "./bundle.ts"
import * as client from "./client.ts"
import * as decode from "./decode.ts"

const only = process.argv[2]
console.log(`## @effect-heygen/core — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`)
if (only === undefined || only === "decode") decode.run()
if (only === undefined || only === "bundle") await bundle.run()
if (only === undefined || only === "client") await client.run()
