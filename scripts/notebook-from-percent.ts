/**
 * `npx tsx scripts/notebook-from-percent.ts SRC.ts OUT.ipynb`
 *
 * Authoring aid: turns a "percent" script (cells separated by `// %%` lines, Markdown cells by
 * `// %% [markdown]` with every line starting `// `) into a clean notebook (no outputs) that
 * declares the course kernel. Notebooks are committed as .ipynb; this is only a way to write them.
 */
import * as fs from "node:fs";
import { COURSE_KERNEL } from "../lib/nb/kernel";

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error("usage: tsx scripts/notebook-from-percent.ts SRC.ts OUT.ipynb");
  process.exit(2);
}
const text = fs.readFileSync(src, "utf8");
const cells: { id: string; cell_type: string; source: string[]; metadata: object; outputs?: unknown[]; execution_count?: null }[] = [];
for (const chunk of text.split(/^\/\/ %%/m).slice(1)) {
  const nl = chunk.indexOf("\n");
  const header = chunk.slice(0, nl);
  let body = chunk.slice(nl + 1).replace(/\s+$/, "");
  const md = header.includes("[markdown]");
  if (md) body = body.split("\n").map((l) => l.replace(/^\/\/ ?/, "")).join("\n");
  const lines = body.split("\n").map((l, i, a) => (i < a.length - 1 ? l + "\n" : l));
  const id = `cell-${cells.length + 1}`;
  cells.push(md ? { id, cell_type: "markdown", metadata: {}, source: lines } : { id, cell_type: "code", metadata: {}, source: lines, outputs: [], execution_count: null });
}
const nb = {
  cells,
  metadata: {
    kernelspec: { name: COURSE_KERNEL, display_name: "TypeScript (ML Systems course)", language: "typescript" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};
fs.writeFileSync(out, JSON.stringify(nb, null, 1) + "\n");
console.log(`wrote ${out}: ${cells.length} cells`);
