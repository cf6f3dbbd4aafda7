import * as esbuild from "esbuild"
const build = async (entry) => { const r = await esbuild.build({ entryPoints:[entry], bundle:true, format:"esm", platform:"browser", conditions:["workerd","worker","browser"], minify:true, write:false, metafile:true, logLevel:"silent"}); return Object.values(r.metafile.outputs)[0].inputs }
const a = await build(process.argv[2]), b = await build(process.argv[3])
const rows = []
for (const [k,v] of Object.entries(b)) { const base = a[k]?.bytesInOutput ?? 0; if (v.bytesInOutput - base > 300) rows.push([v.bytesInOutput - base, k.replace(/.*effect\/dist\//,"effect/").replace(/.*packages\//,"")]) }
rows.sort((x,y)=>y[0]-x[0]); let t=0; for (const [d,k] of rows) { t+=d; console.log(String(d).padStart(7), k) }; console.log("total", t)
