// Writes vectors/v1.json from src/Vectors.ts (the catalog plus the hand-picked cases).
import * as fs from "node:fs"
import * as path from "node:path"
import * as Vectors from "../src/Vectors.ts"

const file = path.resolve(import.meta.dirname, `../vectors/v${Vectors.version}.json`)
fs.writeFileSync(file, `${JSON.stringify(Vectors.make(), null, 2)}\n`)
console.log(`wrote ${path.relative(process.cwd(), file)}`)
