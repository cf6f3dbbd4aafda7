import { bundleSize } from "./bundle.ts"

for (const f of process.argv.slice(2)) {
  const r = await bundleSize(f)
  console.log(f, r.minified, r.gzip)
}
