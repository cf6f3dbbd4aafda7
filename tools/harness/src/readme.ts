/** The code blocks of a README, so tests can run exactly what the docs show. */
import * as fs from "node:fs"

export const codeBlocks = (file: string, lang = "ts"): Array<string> =>
  [...fs.readFileSync(file, "utf8").matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (m) => m[1]!
  )
